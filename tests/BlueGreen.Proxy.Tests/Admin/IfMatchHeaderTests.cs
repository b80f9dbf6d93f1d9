using BlueGreen.Proxy.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary><c>If-Match</c> takes the quoted ETag; anything else is a 400 problem.</summary>
public sealed class IfMatchHeaderTests
{
    [Theory]
    [InlineData(0, "\"0\"")]
    [InlineData(7, "\"7\"")]
    [InlineData(long.MaxValue, "\"9223372036854775807\"")]
    public void ETag_Version_IsTheQuotedVersion(long version, string expected)
    {
        Assert.Equal(expected, IfMatchHeader.ETag(version));
    }

    [Fact]
    public void TryRead_NoHeader_ExpectsNothing()
    {
        var request = CreateRequest(ifMatch: null);

        var read = IfMatchHeader.TryRead(request, out var expected, out var problem);

        Assert.True(read);
        Assert.Null(expected);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData(" * ")]
    public void TryRead_EmptyOrStar_ExpectsNothing(string header)
    {
        var read = IfMatchHeader.TryRead(CreateRequest(header), out var expected, out var problem);

        Assert.True(read);
        Assert.Null(expected);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("\"5\"", 5)]
    [InlineData("\"0\"", 0)]
    [InlineData(" \"12\" ", 12)]
    public void TryRead_QuotedVersion_ExpectsThatVersion(string header, long version)
    {
        var read = IfMatchHeader.TryRead(CreateRequest(header), out var expected, out var problem);

        Assert.True(read);
        Assert.Equal(version, expected);
        Assert.Null(problem);
    }

    [Fact]
    public void TryRead_TheStatesOwnETag_ExpectsItsVersion()
    {
        var read = IfMatchHeader.TryRead(CreateRequest(IfMatchHeader.ETag(42)), out var expected, out _);

        Assert.True(read);
        Assert.Equal(42, expected);
    }

    [Fact]
    public void TryRead_WeakTag_ExpectsAnImpossibleVersion()
    {
        var read = IfMatchHeader.TryRead(CreateRequest("W/\"5\""), out var expected, out var problem);

        Assert.True(read);
        Assert.Equal(-1, expected);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"5")]
    [InlineData("\"1.5\"")]
    [InlineData("\"99999999999999999999\"")]
    [InlineData("\"\"")]
    public void TryRead_Malformed_ReturnsA400Problem(string header)
    {
        var read = IfMatchHeader.TryRead(CreateRequest(header), out var expected, out var problem);

        Assert.False(read);
        Assert.Null(expected);
        var result = Assert.IsType<ProblemHttpResult>(problem);
        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Contains(header.Trim(), result.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    private static HttpRequest CreateRequest(string? ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        return context.Request;
    }
}
