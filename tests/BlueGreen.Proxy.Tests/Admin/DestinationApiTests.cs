using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

public sealed class DestinationApiTests
{
    [Fact]
    public async Task AddDestination_ToBlue_ServesTrafficFromTheNextRequest()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        var proxy = pools.Proxy;

        using var added = await proxy.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "blue-2", address = blue2.Address, reason = "scale out" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        // Load balancing spreads requests over both blue destinations; the new one serves from the start.
        var backends = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            backends.Add(response.Headers.GetValues("X-Backend").Single());
        }

        Assert.Contains("blue-2", backends);
        var state = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["blue-1", "blue-2"], state.GetProperty("pools").GetProperty("blue").GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(1, state.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("""{"id":"blue-2","address":"not-a-url"}""", "address")]
    [InlineData("""{"id":"blue-2","address":"ftp://127.0.0.1:21"}""", "address")]
    [InlineData("""{"id":"blue-1","address":"http://127.0.0.1:9"}""", "id")]
    [InlineData("""{"id":"has space","address":"http://127.0.0.1:9"}""", "id")]
    [InlineData("""{"address":"http://127.0.0.1:9"}""", "id")]
    public async Task AddDestination_BadInput_Returns400AndChangesNothing(string body, string field)
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var proxy = pools.Proxy;

        using var response = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var state = await proxy.GetStateAsync();
        Assert.Equal(0, state.GetProperty("version").GetInt64());
        Assert.Single(state.GetProperty("pools").GetProperty("blue").GetProperty("destinations").EnumerateArray());
    }

    [Theory]
    [InlineData("POST", "/api/v1/pools/purple/destinations/blue-1/drain")]
    [InlineData("POST", "/api/v1/pools/blue/destinations/nobody/drain")]
    [InlineData("POST", "/api/v1/pools/blue/destinations/nobody/enable")]
    [InlineData("DELETE", "/api/v1/pools/blue/destinations/nobody")]
    public async Task DestinationRoute_UnknownPoolOrDestination_Returns404(string method, string path)
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");

        using var response = await pools.Proxy.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_With20SlowRequestsInFlight_LetsThemFinishSendsNoNewRequestAndReportsDrained()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false", "--BlueGreen:Stickiness:Mode=None");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        var (blue, _, proxy) = pools;

        var slow = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await proxy.Client.GetAsync("/delay/1500");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        await Eventually.HoldsAsync(() => blue.InFlight == 20, "20 slow requests in flight on blue-1");
        using var added = await proxy.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "blue-2", address = blue2.Address });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var deleted = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-1");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var draining = (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pools").GetProperty("blue").GetProperty("destinations")[0];
        Assert.Equal("draining", draining.GetProperty("mode").GetString());
        Assert.Equal(20, draining.GetProperty("inFlight").GetInt32());
        Assert.Contains(
            "bluegreen_destination_in_flight{pool=\"blue\",destination=\"blue-1\"} 20\n",
            await proxy.Admin.GetStringAsync("/metrics"),
            StringComparison.Ordinal);

        var servedBefore = blue.Served;
        for (var i = 0; i < 20; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            Assert.Equal("blue-2", response.Headers.GetValues("X-Backend").Single());
        }

        foreach (var (status, body) in await Task.WhenAll(slow))
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("blue", body);
        }

        await Eventually.HoldsAsync(
            async () => (await proxy.Admin.GetStringAsync("/api/v1/history?limit=1")).Contains("destination-removed", StringComparison.Ordinal),
            "the removal once drained");
        var removal = (await proxy.Admin.GetFromJsonAsync<JsonElement>("/api/v1/history?limit=1"))[0];
        Assert.Equal("drained", removal.GetProperty("reason").GetString());
        Assert.Equal("operator", removal.GetProperty("actor").GetString());
        Assert.Equal(servedBefore + 20, blue.Served);
        var state = await proxy.GetStateAsync();
        Assert.Equal(["blue-2"], state.GetProperty("pools").GetProperty("blue").GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Delete_WithARequestOutlastingTheDrainTimeout_RemovesItWithReasonTimeout()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false", "--BlueGreen:Drain:Timeout=00:00:00.300");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        var (blue, _, proxy) = pools;
        var slow = proxy.Client.GetAsync("/delay/3000");
        await Eventually.HoldsAsync(() => blue.InFlight == 1, "a slow request in flight on blue-1");
        using var added = await proxy.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "blue-2", address = blue2.Address });

        using var deleted = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-1");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        await Eventually.HoldsAsync(
            async () => (await proxy.Admin.GetStringAsync("/api/v1/history?limit=1")).Contains("destination-removed", StringComparison.Ordinal),
            "the removal after the drain timeout");
        var removal = (await proxy.Admin.GetFromJsonAsync<JsonElement>("/api/v1/history?limit=1"))[0];
        Assert.Equal("timeout", removal.GetProperty("reason").GetString());
        Assert.Equal(1, blue.InFlight);

        // Removing it from the pool does not cut the request it was still serving.
        using var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DrainThenEnable_Destination_StopsThenResumesNewRequests()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        var (blue, _, proxy) = pools;
        using var added = await proxy.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "blue-2", address = blue2.Address });

        using var drained = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/drain", content: null);
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        var servedWhileDrained = blue.Served;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("blue", await proxy.GetPoolAsync("/"));
        }

        Assert.Equal(servedWhileDrained, blue.Served);

        using var enabled = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/enable", content: null);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var state = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", state.GetProperty("pools").GetProperty("blue").GetProperty("destinations")[0].GetProperty("mode").GetString());
        await Eventually.HoldsAsync(
            async () =>
            {
                await proxy.GetPoolAsync("/");
                return blue.Served > servedWhileDrained;
            },
            "blue-1 serving again");
    }

    [Fact]
    public async Task Delete_AgainWhileTheFirstDeleteDrains_Returns409AndChangesNothing()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var (blue, _, proxy) = pools;
        var slow = proxy.Client.GetAsync("/delay/1500");
        await Eventually.HoldsAsync(() => blue.InFlight == 1, "a slow request in flight on blue-1");
        using var deleted = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-1");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var version = await proxy.GetVersionAsync();

        using var again = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-1");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(version, await proxy.GetVersionAsync());
        using var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DrainAndEnable_WhileItsDeleteDrains_DrainIs409AndEnableBringsItBackWithoutARemoval()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var (blue, _, proxy) = pools;
        // Long enough that the delete's drain is surely still going when the drain arrives: the delete's answer waits
        // for YARP to apply it, which has taken up to ~1.1 s here (see the closing note).
        var slow = proxy.Client.GetAsync("/delay/4000");
        await Eventually.HoldsAsync(() => blue.InFlight == 1, "a slow request in flight on blue-1");
        using var deleted = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/blue-1");
        var version = await proxy.GetVersionAsync();

        using var drain = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/drain", content: null);
        Assert.Equal(HttpStatusCode.Conflict, drain.StatusCode);
        Assert.Equal(version, await proxy.GetVersionAsync());

        using var enabled = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/enable", content: null);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        using (var response = await slow)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The drainer polls every 20 ms: well within this wait it would have recorded a removal if it still ran.
        await Task.Delay(300);
        Assert.DoesNotContain("destination-removed", await proxy.Admin.GetStringAsync("/api/v1/history"), StringComparison.Ordinal);
        Assert.Equal([("blue-1", "active")], StateJson.Destinations(await proxy.GetStateAsync(), "blue"));
        Assert.Equal("blue", await proxy.GetPoolAsync("/"));
    }
}
