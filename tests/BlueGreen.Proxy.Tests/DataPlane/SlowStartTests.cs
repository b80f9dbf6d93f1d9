using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>
/// Slow start against real backends, counted at the backends: a destination enabled into a pool with a 10 s
/// warm-up gets a small part of its share at first and all of it after 10 s. Alone: it measures shares over time.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SlowStartTests
{
    private static readonly TimeSpan SlowStart = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnabledDestination_WithSlowStart_GetsUnderAQuarterOfItsShareFirstAndAllOfItAfterTheWarmUp()
    {
        using var temp = new TemporaryDirectory();
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var green = await TestBackend.StartAsync("green");
        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:b1={b1.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b2={b2.Address}",
            $"--BlueGreen:Pools:green:Destinations:g1={green.Address}",
            "--BlueGreen:Pools:blue:SlowStart=00:00:10",
            "--BlueGreen:Pools:blue:LoadBalancing=RoundRobin",
            $"--BlueGreen:State:Path={temp.File("state.json")}",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Stickiness:Mode=None",
        ]);
        using (var drained = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/b2/drain", null))
        {
            Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        }

        await using var traffic = Traffic.Start(proxy.Client);
        await Eventually.HoldsAsync(() => b1.Served > 200, "traffic on b1");

        using (var enabled = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/b2/enable", null))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        var sinceEnable = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => Destination(await proxy.GetStateAsync(), "b2").GetProperty("warmingUp").GetBoolean(), "b2 warming up");
        var (first1, first2) = (b1.Served, b2.Served);
        await Task.Delay(TimeSpan.FromSeconds(2) - sinceEnable.Elapsed);
        var (early1, early2) = (b1.Served - first1, b2.Served - first2);

        // The warm-up starts when the watcher (ten looks a second) sees b2 available, a moment after the enable.
        await Eventually.HoldsAsync(
            async () => !Destination(await proxy.GetStateAsync(), "b2").GetProperty("warmingUp").GetBoolean(), "b2 warm", SlowStart + TimeSpan.FromSeconds(5));
        Assert.True(sinceEnable.Elapsed >= SlowStart - TimeSpan.FromMilliseconds(200), $"warm after {sinceEnable.Elapsed}");
        var (late1Start, late2Start) = (b1.Served, b2.Served);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (late1, late2) = (b1.Served - late1Start, b2.Served - late2Start);

        // Warm, b2 would get half; under a quarter of that at first, then about half.
        var earlyShare = (double)early2 / (early1 + early2);
        var lateShare = (double)late2 / (late1 + late2);
        Assert.True(earlyShare < 0.125, $"first 2 s: b2 {early2} of {early1 + early2} ({earlyShare:P1})");
        Assert.True(lateShare > 0.4, $"after the warm-up: b2 {late2} of {late1 + late2} ({lateShare:P1})");
        Assert.Equal(0, traffic.Failed);
    }

    private static JsonElement Destination(JsonElement state, string id) =>
        state.GetProperty("pools").GetProperty("blue").GetProperty("destinations").EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);
}
