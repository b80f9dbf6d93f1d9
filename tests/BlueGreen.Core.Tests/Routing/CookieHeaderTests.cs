using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public class CookieHeaderTests
{
    private const string Name = "bg-id";

    [Theory]
    [InlineData("bg-id=abc")]
    [InlineData("bg-id=abc;")]
    [InlineData("a=1; bg-id=abc")]
    [InlineData("bg-id=abc; a=1")]
    [InlineData("a=1; bg-id=abc; c=3")]
    [InlineData("a=1;bg-id=abc;c=3")]
    [InlineData("a=1;   bg-id=abc   ;c=3")]
    [InlineData("a=1; bg-id = abc ; c=3")]
    [InlineData(" bg-id=abc ")]
    public void TryGetValue_CookieAmongOthers_ReturnsItsValue(string header)
    {
        Assert.Equal("abc", Find(header, Name));
    }

    [Theory]
    [InlineData("bg-id=\"abc\"")]
    [InlineData("a=1; bg-id=\"abc\"; c=3")]
    [InlineData("a=1; bg-id= \"abc\" ; c=3")]
    public void TryGetValue_QuotedValue_ReturnsValueWithoutQuotes(string header)
    {
        Assert.Equal("abc", Find(header, Name));
    }

    [Theory]
    [InlineData("bg-id=\"\"", "")]
    [InlineData("bg-id=\"", "\"")]
    [InlineData("bg-id=\"abc", "\"abc")]
    [InlineData("bg-id=abc\"", "abc\"")]
    public void TryGetValue_EmptyOrUnbalancedQuotes_StripsOnlyAMatchingPair(string header, string expected)
    {
        Assert.Equal(expected, Find(header, Name));
    }

    [Theory]
    [InlineData("xbg-id=evil")]
    [InlineData("bg-idx=evil")]
    [InlineData("bg-id-old=evil")]
    [InlineData("bg=evil")]
    [InlineData("id=evil")]
    [InlineData("a=bg-id=evil")]
    public void TryGetValue_NameIsPrefixOrSuffixOfAnotherCookie_ReturnsFalse(string header)
    {
        Assert.Null(Find(header, Name));
    }

    [Theory]
    [InlineData("xbg-id=evil; bg-id=good")]
    [InlineData("bg-idx=evil; bg-id=good")]
    [InlineData("bg-id-old=evil; bg-id=good; xbg-id=evil")]
    public void TryGetValue_SimilarNamesBeforeTheCookie_ReturnsTheExactMatch(string header)
    {
        Assert.Equal("good", Find(header, Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(";")]
    [InlineData(" ; ; ")]
    [InlineData("a=1; c=3")]
    [InlineData("BG-ID=abc")]
    [InlineData("Bg-Id=abc")]
    public void TryGetValue_CookieMissing_ReturnsFalseAndEmptyValue(string header)
    {
        var found = CookieHeader.TryGetValue(header, Name, out var value);

        Assert.False(found);
        Assert.True(value.IsEmpty);
    }

    [Theory]
    [InlineData("bg-id")]
    [InlineData("a=1; bg-id; c=3")]
    public void TryGetValue_PairWithoutEquals_IsSkipped(string header)
    {
        Assert.Null(Find(header, Name));
    }

    [Fact]
    public void TryGetValue_PairWithoutEqualsBeforeTheCookie_FindsTheCookie()
    {
        Assert.Equal("abc", Find("bg-id; bg-id=abc", Name));
    }

    [Fact]
    public void TryGetValue_EmptyValue_ReturnsTrueWithEmptyValue()
    {
        var found = CookieHeader.TryGetValue("a=1; bg-id=; c=3", Name, out var value);

        Assert.True(found);
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void TryGetValue_ValueContainsEquals_KeepsEverythingAfterTheFirstEquals()
    {
        Assert.Equal("a=b==", Find("bg-id=a=b==", Name));
    }

    [Fact]
    public void TryGetValue_CookieRepeated_FirstOccurrenceWins()
    {
        Assert.Equal("one", Find("bg-id=one; bg-id=two", Name));
    }

    [Fact]
    public void TryGetValue_OverrideCookie_IsFoundBesideTheStickyCookie()
    {
        const string header = "bg-id=0123456789abcdef; bg-pool=green";

        Assert.Equal("green", Find(header, RoutingPolicy.OverrideCookie));
        Assert.Equal("0123456789abcdef", Find(header, RoutingPolicy.DefaultStickinessName));
    }

    [Fact]
    public void TryGetValue_Found_ReturnsASliceOfTheHeader()
    {
        const string header = "a=1; bg-id=abc";

        Assert.True(CookieHeader.TryGetValue(header, Name, out var value));

        // The decision path relies on this being a view into the header, not a copy.
        Assert.True(header.AsSpan().Overlaps(value));
    }

    private static string? Find(string header, string name) =>
        CookieHeader.TryGetValue(header, name, out var value) ? value.ToString() : null;

    [Theory]
    [InlineData("bg-id=abc", "abc")]
    [InlineData("a=1; bg-id = \"abc\" ; b=2", "abc")]
    [InlineData("a=1;bg-id=", "")]
    public void TryFind_Found_ReturnsTheRangeTryGetValueSlices(string header, string expected)
    {
        Assert.True(CookieHeader.TryFind(header, "bg-id", out var range));

        Assert.Equal(expected, header[range]);
        Assert.True(CookieHeader.TryGetValue(header, "bg-id", out var value));
        Assert.Equal(expected, value.ToString());
    }
}
