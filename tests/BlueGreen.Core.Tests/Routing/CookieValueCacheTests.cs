using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public class CookieValueCacheTests
{
    private const string Header = "_ga=GA1.2.3; bg-pool=green; session=abc; bg-id=3f2a9c0d1e7b4a65; locale=en-GB";

    [Fact]
    public void Read_FirstHeader_FindsBothCookies()
    {
        var cache = new CookieValueCache();

        cache.Read(Header, "bg-pool", "bg-id", out var overrideValue, out var sticky, out _);

        Assert.Equal("green", overrideValue.ToString());
        Assert.Equal("3f2a9c0d1e7b4a65", sticky.ToString());
    }

    [Fact]
    public void Read_SameInstanceAgain_ReturnsSlicesOfThatHeader()
    {
        var cache = new CookieValueCache();
        cache.Read(Header, "bg-pool", "bg-id", out _, out _, out _);

        cache.Read(Header, "bg-pool", "bg-id", out var overrideValue, out var sticky, out _);

        Assert.Equal("green", overrideValue.ToString());
        Assert.Equal("3f2a9c0d1e7b4a65", sticky.ToString());
    }

    [Fact]
    public void Read_AnotherHeaderInstance_ScansItAfresh()
    {
        var cache = new CookieValueCache();
        cache.Read(Header, "bg-pool", "bg-id", out _, out _, out _);

        // A changed header: the cookies moved and changed, so the old positions would give wrong values.
        cache.Read("bg-id=0123456789abcdef; x=1", "bg-pool", "bg-id", out var overrideValue, out var sticky, out _);

        Assert.True(overrideValue.IsEmpty);
        Assert.Equal("0123456789abcdef", sticky.ToString());
    }

    [Fact]
    public void Read_EqualTextInAnotherInstance_GivesTheSameValues()
    {
        var cache = new CookieValueCache();
        cache.Read(Header, "bg-pool", "bg-id", out _, out _, out _);

        cache.Read(new string(Header.AsSpan()), "bg-pool", "bg-id", out var overrideValue, out var sticky, out _);

        Assert.Equal("green", overrideValue.ToString());
        Assert.Equal("3f2a9c0d1e7b4a65", sticky.ToString());
    }

    [Fact]
    public void Read_OtherNamesForTheSameHeader_ScansAfresh()
    {
        var cache = new CookieValueCache();
        cache.Read(Header, "bg-pool", "bg-id", out _, out _, out _);

        cache.Read(Header, null, "session", out var overrideValue, out var sticky, out _);

        Assert.True(overrideValue.IsEmpty);
        Assert.Equal("abc", sticky.ToString());
    }

    [Fact]
    public void Read_NullNames_ReturnEmptyValues()
    {
        var cache = new CookieValueCache();

        cache.Read(Header, null, null, out var overrideValue, out var sticky, out _);

        Assert.True(overrideValue.IsEmpty);
        Assert.True(sticky.IsEmpty);
    }

    [Fact]
    public void Read_StickyCookie_ReturnsItsBucketFromTheFirstAndTheRepeatedRead()
    {
        var cache = new CookieValueCache();
        var expected = StickyBucket.Of(System.Runtime.InteropServices.MemoryMarshal.AsBytes("3f2a9c0d1e7b4a65".AsSpan()));

        cache.Read(Header, "bg-pool", "bg-id", out _, out _, out var first);
        cache.Read(Header, "bg-pool", "bg-id", out _, out _, out var repeated);
        cache.Read("x=1; bg-id=", "bg-pool", "bg-id", out _, out _, out var emptyId);

        Assert.Equal(expected, first);
        Assert.Equal(expected, repeated);
        Assert.Null(emptyId);
    }

    [Fact]
    public void Read_CookiesAbsent_ReturnEmptyValues()
    {
        var cache = new CookieValueCache();

        cache.Read("a=1; b=2", "bg-pool", "bg-id", out var overrideValue, out var sticky, out _);

        Assert.True(overrideValue.IsEmpty);
        Assert.True(sticky.IsEmpty);
    }
}
