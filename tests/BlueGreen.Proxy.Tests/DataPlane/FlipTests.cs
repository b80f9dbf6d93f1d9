using System.Net;
using System.Net.Http.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class FlipTests
{
    [Fact]
    public async Task Switch_With50SlowRequestsInFlightOnBlue_LetsThemFinishOnBlueAndSendsNewOnesToGreen()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None");
        var (blue, green, proxy) = pools;

        var slow = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await proxy.Client.GetAsync("/delay/500");
            return (response.StatusCode, Pool: response.Headers.GetValues("X-BlueGreen-Pool").Single(), Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        await Eventually.HoldsAsync(() => blue.InFlight == 50, "50 slow requests in flight on blue");

        using var switched = await proxy.Admin.PostAsJsonAsync("/api/v1/switch", new { to = "green", reason = "release 42" });
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);

        // Every request started after the switch returned answers from green.
        var after = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => proxy.GetPoolAsync("/after")));
        Assert.All(after, pool => Assert.Equal("green", pool));

        foreach (var (status, pool, body) in await Task.WhenAll(slow))
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("blue", pool);
            Assert.Equal("blue", body);
        }
    }

    [Fact]
    public async Task Rollback_AfterSwitch_SendsEverythingBackToTheStablePool()
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;

        await proxy.SetWeightsAsync(50, 50);
        using var rollback = await proxy.Admin.PostAsync("/api/v1/rollback", content: null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var state = await proxy.GetStateAsync();

        Assert.Equal(100m, state.GetProperty("weights").GetProperty("blue").GetDecimal());
        Assert.Equal("blue", state.GetProperty("stable").GetString());
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("blue", await proxy.GetPoolAsync("/", r => r.Headers.Add("Cookie", $"bg-id=user-{i}")));
        }
    }
}
