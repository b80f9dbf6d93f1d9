using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Tests.Configuration;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("https://localhost:8443")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://0.0.0.0:0")]
    public void TryParse_KestrelListenUrl_IsAccepted(string url)
    {
        Assert.True(ListenAddress.TryParse(url, out _));
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("http://127.0.0.1:8080/?a=1")]
    [InlineData("not a url")]
    public void TryParse_NotAListenUrl_IsRefused(string url)
    {
        Assert.False(ListenAddress.TryParse(url, out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9000/", true)]
    [InlineData("http://0.0.0.0:9000", "http://127.0.0.1:9000", true)]
    [InlineData("http://*:9000", "http://10.0.0.1:9000", true)]
    [InlineData("http://localhost:9000", "http://127.0.0.1:9000", true)]
    [InlineData("http://[::]:9000", "http://127.0.0.1:9000", true)]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9001", false)]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.2:9000", false)]
    [InlineData("http://127.0.0.1:0", "http://127.0.0.1:0", false)]
    public void ClashesWith_TwoListenUrls_TellsWhetherTheyClaimTheSameSocket(string first, string second, bool clash)
    {
        Assert.True(ListenAddress.TryParse(first, out var a));
        Assert.True(ListenAddress.TryParse(second, out var b));

        Assert.Equal(clash, a.ClashesWith(b));
        Assert.Equal(clash, b.ClashesWith(a));
    }
}
