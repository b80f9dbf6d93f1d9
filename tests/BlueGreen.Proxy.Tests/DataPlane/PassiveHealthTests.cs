using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class PassiveHealthTests
{
    [Fact]
    public async Task DestinationAnswering5xx_AfterARunOfFive_IsEjectedAndTheOtherServes()
    {
        using var temp = new TemporaryDirectory();
        await using var bad = await TestBackend.StartAsync("blue-bad");
        await using var good = await TestBackend.StartAsync("blue-good");
        await using var green = await TestBackend.StartAsync("green");
        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:bad={bad.Address}",
            $"--BlueGreen:Pools:blue:Destinations:good={good.Address}",
            $"--BlueGreen:Pools:green:Destinations:g1={green.Address}",
            $"--BlueGreen:State:Path={temp.File("state.json")}",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Stickiness:Mode=None",
        ]);
        bad.FailWith = 503;

        var errors = 0;
        for (var i = 0; i < 60; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            errors += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        // Five failures in a row eject it; everything after goes to the good destination.
        Assert.Equal(5, errors);
        Assert.Equal(5, bad.Served);
        var state = await proxy.Admin.GetFromJsonAsync<JsonElement>("/api/v1/state");
        var destinations = state.GetProperty("pools").GetProperty("blue").GetProperty("destinations");
        Assert.Equal("unhealthy", destinations[0].GetProperty("health").GetString());
        Assert.Equal("bad", destinations[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ClientsHangingUpMidDownload_TwentyInARow_LeaveTheDestinationHealthy()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false", "--BlueGreen:Stickiness:Mode=None");
        var proxy = pools.Proxy;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await proxy.Client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[512];
            Assert.True(await body.ReadAsync(buffer) > 0);

            // Disposing the unread response closes the connection: the client has gone halfway through.
        }));

        // A request is counted once its whole pipeline, passive health included, is done with it.
        await Eventually.HoldsAsync(
            async () => (await proxy.Admin.GetStringAsync("/metrics")).Contains("bluegreen_requests_total{pool=\"blue\",code=\"200\"} 20\n", StringComparison.Ordinal),
            "the proxy has finished with all 20 aborted downloads");

        Assert.NotEqual("unhealthy", await BlueHealthAsync(proxy));
        using var next = await proxy.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("blue", next.Headers.GetValues("X-Backend").Single());

        // The backend counts a request when its handler returns: an aborted download's returns once the backend sees its
        // connection end, which the proxy's HTTP client may put off while it drains the answer (up to its 2 s drain
        // timeout, seen under load), so the count can trail what the proxy has finished.
        await Eventually.HoldsAsync(() => pools.Blue.Served >= 21, "blue to have served all 21 requests");
    }

    [Fact]
    public async Task BackendResettingConnections_FiveInARow_IsEjected()
    {
        await using var pools = await TwoPools.StartAsync(
            "--BlueGreen:Health:Active:Enabled=false", "--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Failover:Enabled=false");
        var proxy = pools.Proxy;

        for (var i = 0; i < 5; i++)
        {
            using var reset = await proxy.Client.GetAsync("/reset");
            Assert.Equal(HttpStatusCode.BadGateway, reset.StatusCode);
        }

        Assert.Equal("unhealthy", await BlueHealthAsync(proxy));
        using var next = await proxy.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
    }

    private static async Task<string?> BlueHealthAsync(ProxyUnderTest proxy) =>
        (await proxy.GetStateAsync()).GetProperty("pools").GetProperty("blue").GetProperty("destinations")[0].GetProperty("health").GetString();
}
