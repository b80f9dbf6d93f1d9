using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>WebSockets through the proxy, with real Kestrel backends and real <see cref="System.Net.WebSockets.ClientWebSocket"/>s.</summary>
public sealed class WebSocketTests
{
    private static readonly TimeSpan Closes = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Switch_WithASocketOpenOnBlue_KeepsItOnBlueAndOpensNewOnesOnGreen()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None");
        var proxy = pools.Proxy;

        using var before = await EchoSocket.ConnectAsync(proxy);
        using var switched = await proxy.Admin.PostAsJsonAsync("/api/v1/switch", new { to = "green" });
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        using var after = await EchoSocket.ConnectAsync(proxy);

        Assert.Equal(("blue", "blue"), (before.Pool, before.Backend));
        Assert.Equal(("green", "green"), (after.Pool, after.Backend));
        Assert.Equal("blue:still here", await before.EchoAsync("still here"));
        Assert.Equal("green:hello", await after.EchoAsync("hello"));

        // An open socket is in flight on its destination, as a request is, for as long as it lives.
        Assert.Equal(1, InFlight(await proxy.GetStateAsync(), "blue", "blue-1"));
        Assert.Equal(1, InFlight(await proxy.GetStateAsync(), "green", "green-1"));
        await before.CloseAsync();
        await after.CloseAsync();
        await Eventually.HoldsAsync(
            async () => InFlight(await proxy.GetStateAsync(), "blue", "blue-1") + InFlight(await proxy.GetStateAsync(), "green", "green-1") == 0,
            "closed sockets no longer in flight");
    }

    [Fact]
    public async Task Socket_WhileOpen_IsCountedOnceWithItsUpgradeAsTheRequestsLatency()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None");
        var proxy = pools.Proxy;

        using var socket = await EchoSocket.ConnectAsync(proxy);
        await socket.EchoAsync("one");

        // Counted when the upgrade answer went out, not when the socket ends (it is still open here).
        var scrape = await proxy.Admin.GetStringAsync("/metrics");
        Assert.Contains("bluegreen_requests_total{pool=\"blue\",code=\"101\"} 1", scrape, StringComparison.Ordinal);
        Assert.Contains("bluegreen_request_duration_seconds_count{pool=\"blue\"} 1", scrape, StringComparison.Ordinal);
        await socket.CloseAsync();
    }

    [Fact]
    public async Task Drain_WithASocketOpen_KeepsItUntilTheDrainTimeoutThenClosesIt()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Drain:Timeout=00:00:02");
        var (blue, _, proxy) = pools;
        using var socket = await EchoSocket.ConnectAsync(proxy);
        var sinceBeforeDrain = Stopwatch.StartNew();

        using var drained = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/drain", content: null);
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);

        // Draining stops new requests, not the socket already open.
        Assert.Equal("blue:after the drain", await socket.EchoAsync("after the drain"));
        var state = await proxy.GetStateAsync();
        Assert.Equal("draining", Destination(state, "blue", "blue-1").GetProperty("mode").GetString());
        Assert.Equal(1, InFlight(state, "blue", "blue-1"));

        Assert.True(await socket.EndsWithinAsync(Closes), "the socket is closed once the drain timeout passed");
        Assert.True(sinceBeforeDrain.Elapsed >= TimeSpan.FromSeconds(2), $"closed after {sinceBeforeDrain.Elapsed}, before the drain timeout");
        await Eventually.HoldsAsync(() => blue.InFlight == 0, "the backend's side of the socket closed too");
        await Eventually.HoldsAsync(async () => InFlight(await proxy.GetStateAsync(), "blue", "blue-1") == 0, "the socket no longer in flight");
    }

    [Fact]
    public async Task Delete_WithASocketOpen_ClosesItAtTheDrainTimeoutAndRecordsTheRemovalAsTimeout()
    {
        await using var pools = await TwoPools.StartAsync(
            "--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false", "--BlueGreen:Drain:Timeout=00:00:01");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        var (blue, _, proxy) = pools;
        using var socket = await EchoSocket.ConnectAsync(proxy);
        using var added = await proxy.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "blue-2", address = blue2.Address });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var deleted = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-1");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("blue:deleted, still open", await socket.EchoAsync("deleted, still open"));
        using var next = await EchoSocket.ConnectAsync(proxy);
        Assert.Equal("blue-2", next.Backend);

        Assert.True(await socket.EndsWithinAsync(Closes), "the socket is closed once the drain timeout passed");
        await Eventually.HoldsAsync(
            async () => (await proxy.Admin.GetStringAsync("/api/v1/history?limit=1")).Contains("destination-removed", StringComparison.Ordinal),
            "the removal recorded");
        var removal = (await proxy.Admin.GetFromJsonAsync<JsonElement>("/api/v1/history?limit=1"))[0];
        Assert.Equal("timeout", removal.GetProperty("reason").GetString());
        await Eventually.HoldsAsync(() => blue.InFlight == 0, "the backend's side of the socket closed too");

        // Only the deleted destination's sockets are closed.
        Assert.Equal("blue-2:untouched", await next.EchoAsync("untouched"));
        await next.CloseAsync();
    }

    private static JsonElement Destination(JsonElement state, string pool, string id) =>
        state.GetProperty("pools").GetProperty(pool).GetProperty("destinations").EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);

    private static int InFlight(JsonElement state, string pool, string id) => Destination(state, pool, id).GetProperty("inFlight").GetInt32();
}
