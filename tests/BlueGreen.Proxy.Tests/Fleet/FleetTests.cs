using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Tests.Fleet;

/// <summary>
/// Three proxies on one real redis-server: one routing state, compare-and-set writes, changes everywhere at once,
/// serving through Redis outages. They measure propagation, so they run alone (<see cref="TimingCollection"/>).
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class FleetTests : IClassFixture<RedisServer>
{
    private readonly RedisServer _redis;
    private readonly ITestOutputHelper _output;

    public FleetTests(RedisServer redis, ITestOutputHelper output)
    {
        _redis = redis;
        _output = output;
    }

    [Fact]
    public async Task Flips_MadeOnEachProxyInTurn_EveryProxyServesTheNewPoolSoon()
    {
        await using var fleet = await Infrastructure.Fleet.StartAsync(_redis);
        var delays = new List<double>();

        for (var flip = 0; flip < 50; flip++)
        {
            var target = flip % 2 == 0 ? "green" : "blue";
            var writer = fleet.Proxies[flip % 3];
            using var response = await writer.Admin.PostAsJsonAsync("/api/v1/switch", new { to = target });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var committed = Stopwatch.StartNew();
            foreach (var proxy in fleet.Proxies)
            {
                await Eventually.HoldsAsync(async () => await proxy.GetPoolAsync() == target, $"flip {flip} to {target} everywhere", TimeSpan.FromSeconds(5));
            }

            delays.Add(committed.Elapsed.TotalMilliseconds);
        }

        delays.Sort();
        var (p50, p99, max) = (delays[delays.Count / 2], delays[(int)Math.Ceiling(delays.Count * 0.99) - 1], delays[^1]);
        _output.WriteLine($"50 flips: every proxy served the new pool after p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
        Assert.True(p99 < 1000, $"p99 {p99:0.0} ms");
    }

    [Fact]
    public async Task WeightChanges_SameIfMatchOnTwoProxiesAtOnce_ExactlyOneWinsTheOther412()
    {
        await using var fleet = await Infrastructure.Fleet.StartAsync(_redis);
        var (a, b) = (fleet.Proxies[0], fleet.Proxies[1]);
        var version = await a.GetVersionAsync();
        Assert.Equal(version, await b.GetVersionAsync());

        var answers = await Task.WhenAll(
            SendWithIfMatchAsync(a, version, new { blue = 90, green = 10 }),
            SendWithIfMatchAsync(b, version, new { blue = 80, green = 20 }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Order());
        Assert.Equal(version + 1, await a.GetVersionAsync());
    }

    [Fact]
    public async Task DrainAndDelete_OnOneProxy_LeaveEveryProxysYarpClusters()
    {
        await using var fleet = await Infrastructure.Fleet.StartAsync(_redis);
        var a = fleet.Proxies[0];

        using (var drain = await a.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/drain", null))
        {
            Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        }

        foreach (var proxy in fleet.Proxies)
        {
            await Eventually.HoldsAsync(() => BlueIds(proxy).SequenceEqual(["blue-2"]), "blue-1 out of every YARP cluster");
        }

        using (var delete = await a.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-2"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        foreach (var proxy in fleet.Proxies)
        {
            await Eventually.HoldsAsync(() => BlueIds(proxy).Count == 0, "blue-2 out of every YARP cluster");
            await Eventually.HoldsAsync(
                async () => StateJson.Destinations(await proxy.GetStateAsync(), "blue").SequenceEqual([("blue-1", "draining")]),
                "blue-2 removed from every proxy's pools");
        }

        var history = await a.Admin.GetFromJsonAsync<JsonElement>("/api/v1/history?limit=100");
        Assert.Single(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "destination-removed");
    }

    [Fact]
    public async Task RedisStoppedThenFrozenUnderLoad_ProxiesServeEveryRequestWritesAnswer503AndChangesFlowAgainAfter()
    {
        await using var fleet = await Infrastructure.Fleet.StartAsync(_redis);
        var traffic = fleet.Proxies.Select(p => Traffic.Start(p.Client, clients: 2)).ToList();
        try
        {
            foreach (var outage in new Func<Task>[] { () => _redis.StopAsync(), () => { _redis.Freeze(); return Task.CompletedTask; } })
            {
                await outage();
                foreach (var proxy in fleet.Proxies)
                {
                    var timer = Stopwatch.StartNew();
                    using var write = await proxy.Admin.PutAsJsonAsync("/api/v1/weights", new { blue = 50, green = 50 });
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
                    Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"the write took {timer.Elapsed}");
                    using var ready = await proxy.Admin.GetAsync("/readyz");
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                    await Eventually.HoldsAsync(
                        async () => (await proxy.Admin.GetStringAsync("/metrics")).Contains("bluegreen_state_store_up 0", StringComparison.Ordinal),
                        "bluegreen_state_store_up 0");
                }

                _redis.Thaw();
                await _redis.StartAsyncIfStopped();
                foreach (var proxy in fleet.Proxies)
                {
                    await Eventually.HoldsAsync(
                        async () => (await proxy.Admin.GetStringAsync("/metrics")).Contains("bluegreen_state_store_up 1", StringComparison.Ordinal),
                        "bluegreen_state_store_up 1 again");
                }
            }

            // Redis lost everything in its restart (no persistence here): the proxies put back the state in force, and
            // changes made on B reach A and C again.
            var delays = new List<double>();
            for (var change = 0; change < 10; change++)
            {
                var target = change % 2 == 0 ? "green" : "blue";
                using var response = await fleet.Proxies[1].Admin.PostAsJsonAsync("/api/v1/switch", new { to = target });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var committed = Stopwatch.StartNew();
                foreach (var proxy in fleet.Proxies)
                {
                    await Eventually.HoldsAsync(async () => await proxy.GetPoolAsync() == target, "the change made on B everywhere", TimeSpan.FromSeconds(5));
                }

                delays.Add(committed.Elapsed.TotalMilliseconds);
            }

            _output.WriteLine($"after the outages, changes made on B were served everywhere after {string.Join(", ", delays.Select(d => d.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        }
        finally
        {
            foreach (var t in traffic)
            {
                await t.DisposeAsync();
            }
        }

        Assert.All(traffic, t => Assert.Equal(0, t.Failed));
        Assert.All(traffic, t => Assert.True(t.Sent > 100, $"only {t.Sent} requests"));
    }

    private static async Task<HttpStatusCode> SendWithIfMatchAsync(ProxyUnderTest proxy, long version, object weights)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/weights") { Content = JsonContent.Create(weights) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        using var response = await proxy.Admin.SendAsync(request);
        return response.StatusCode;
    }

    private static IReadOnlyList<string> BlueIds(ProxyUnderTest proxy) =>
        proxy.App.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("blue", out var cluster)
            ? [.. cluster.Destinations.Keys.Order(StringComparer.Ordinal)]
            : [];
}
