using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>The framing check alone; the whole proxy against raw sockets is <c>Edge.SmugglingTests</c>.</summary>
public sealed class AmbiguousFramingMiddlewareTests
{
    private readonly ProxyMetrics _metrics = new(Metrics.NewCustomRegistry());
    private int _passedOn;

    [Theory]
    [InlineData(null, null)]
    [InlineData("chunked", null)]
    [InlineData(null, "6")]
    public async Task InvokeAsync_OneFramingOrNone_PassesOn(string? transferEncoding, string? displacedContentLength)
    {
        var context = Request(transferEncoding, displacedContentLength);

        await CreateSut().InvokeAsync(context);

        Assert.Equal(1, _passedOn);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_ChunkedWithDisplacedContentLength_400ClosesAndCounts()
    {
        var context = Request("chunked", "6");

        await CreateSut().InvokeAsync(context);

        Assert.Equal(0, _passedOn);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("close", context.Response.Headers.Connection.ToString());
        Assert.Equal(1, _metrics.ClientErrors.WithLabels(ClientErrorReasons.AmbiguousFraming).Value);
    }

    [Fact]
    public async Task InvokeAsync_OrdinaryRequest_AllocatesNothing()
    {
        var sut = CreateSut();
        var context = Request(null, null);
        await sut.InvokeAsync(context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        await sut.InvokeAsync(context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static DefaultHttpContext Request(string? transferEncoding, string? displacedContentLength)
    {
        var context = new DefaultHttpContext();
        if (transferEncoding is not null)
        {
            context.Request.Headers.TransferEncoding = transferEncoding;
        }

        if (displacedContentLength is not null)
        {
            context.Request.Headers[AmbiguousFramingMiddleware.DisplacedContentLength] = displacedContentLength;
        }

        return context;
    }

    private AmbiguousFramingMiddleware CreateSut() => new(
        _ =>
        {
            _passedOn++;
            return Task.CompletedTask;
        },
        _metrics);
}
