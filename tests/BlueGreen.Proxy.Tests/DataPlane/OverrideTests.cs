using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class OverrideTests
{
    [Theory]
    [InlineData("X-BlueGreen-Pool", "green")]
    [InlineData("X-BlueGreen-Pool", "GREEN")]
    [InlineData("Cookie", "bg-pool=green")]
    [InlineData("Cookie", "a=1; bg-pool=green; b=2")]
    public async Task Override_AtZeroPercentGreen_ReachesGreen(string header, string value)
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/preview");
        request.Headers.Add(header, value);
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal("green", response.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Equal("green", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("X-BlueGreen-Pool", "purple")]
    [InlineData("X-BlueGreen-Pool", "")]
    [InlineData("Cookie", "bg-pool=purple")]
    public async Task Override_UnknownValue_IsIgnored(string header, string value)
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("blue", await proxy.GetPoolAsync("/", r => r.Headers.TryAddWithoutValidation(header, value)));
        }
    }

    [Fact]
    public async Task Override_WhenDisabled_IsIgnored()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Override:Enabled=false");
        var proxy = pools.Proxy;

        Assert.Equal("blue", await proxy.GetPoolAsync("/", r => r.Headers.Add("X-BlueGreen-Pool", "green")));
    }

    [Fact]
    public async Task CookieChanges_OnOneKeepAliveConnection_EachRequestFollowsItsOwnCookies()
    {
        await using var pools = await TwoPools.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 })
        {
            BaseAddress = pools.Proxy.Client.BaseAddress,
        };
        string[] cookies = ["a=1; bg-pool=green; bg-id=u1", "a=1; bg-id=u1", "a=1; bg-pool=green; bg-id=u1", "a=1; bg-pool=green; bg-id=u1", "bg-pool=blue"];
        var served = new List<string>();

        // One connection at a time, so Kestrel parses each Cookie header on the same connection as the last one.
        foreach (var cookie in cookies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            served.Add(response.Headers.GetValues("X-BlueGreen-Pool").Single());
        }

        Assert.Equal(["green", "blue", "green", "green", "blue"], served);
    }
}
