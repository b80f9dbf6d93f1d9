using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>Pool changes made through the admin plane are routing state: a restart keeps them, as it keeps weights.</summary>
public sealed class MembershipRestartTests
{
    private static readonly string[] NoProbes = ["--BlueGreen:Health:Active:Enabled=false", "--BlueGreen:Stickiness:Mode=None"];

    [Fact]
    public async Task Restart_MidRedBlackDeploy_KeepsAddedDrainedAndDeletedDestinations()
    {
        using var directory = new TemporaryDirectory();
        var statePath = directory.File("state.json");
        await using var blue = await TestBackend.StartAsync("blue-1");
        await using var green = await TestBackend.StartAsync("green-1");
        await using var blue2 = await TestBackend.StartAsync("blue-2");
        await using var green2 = await TestBackend.StartAsync("green-2");

        long version;
        await using (var first = await ProxyUnderTest.StartAsync(blue, green, statePath, NoProbes))
        {
            await AssertOkAsync(first.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "blue-2", address = blue2.Address }));
            await AssertOkAsync(first.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/drain", content: null));
            await AssertOkAsync(first.Admin.PostAsJsonAsync("/api/v1/pools/green/destinations", new { id = "green-2", address = green2.Address }));
            await AssertOkAsync(first.Admin.DeleteAsync("/api/v1/pools/green/destinations/green-1"));
            await AssertOkAsync(first.SetWeightsAsync(50, 50));
            version = await first.GetVersionAsync();
        }

        // The same configuration (blue-1 and green-1 only) as before: the stored changes win over it.
        await using var second = await ProxyUnderTest.StartAsync(blue, green, statePath, NoProbes);

        var state = await second.GetStateAsync();
        Assert.Equal(version, state.GetProperty("version").GetInt64());
        Assert.Equal([("blue-1", "draining"), ("blue-2", "active")], StateJson.Destinations(state, "blue"));
        Assert.Equal([("green-2", "active")], StateJson.Destinations(state, "green"));
        Assert.Equal(blue2.Address, state.GetProperty("pools").GetProperty("blue").GetProperty("destinations")[1].GetProperty("address").GetString());

        var (blueServed, greenServed) = (blue.Served, green.Served);
        var backends = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await second.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            backends.Add(response.Headers.GetValues("X-Backend").Single());
        }

        Assert.Equal(["blue-2", "green-2"], backends.Order());
        Assert.Equal((blueServed, greenServed), (blue.Served, green.Served));
    }

    [Fact]
    public async Task Restart_ThenEnableADestinationDrainedBeforeIt_ServesAgain()
    {
        using var directory = new TemporaryDirectory();
        var statePath = directory.File("state.json");
        await using var blue = await TestBackend.StartAsync("blue-1");
        await using var green = await TestBackend.StartAsync("green-1");
        await using (var first = await ProxyUnderTest.StartAsync(blue, green, statePath, NoProbes))
        {
            await AssertOkAsync(first.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/drain", content: null));
        }

        await using var second = await ProxyUnderTest.StartAsync(blue, green, statePath, NoProbes);
        var drainedServed = blue.Served;
        Assert.Equal("green", await second.GetPoolAsync("/")); // blue has no active destination: failover
        Assert.Equal(drainedServed, blue.Served);

        await AssertOkAsync(second.Admin.PostAsync("/api/v1/pools/blue/destinations/blue-1/enable", content: null));

        Assert.Equal("blue", await second.GetPoolAsync("/"));
        Assert.Equal([("blue-1", "active")], StateJson.Destinations(await second.GetStateAsync(), "blue"));
    }

    [Fact]
    public async Task DeleteOfAnAddedDestination_OnceDrained_LeavesNothingInTheStateFile()
    {
        using var directory = new TemporaryDirectory();
        var statePath = directory.File("state.json");
        await using var blue = await TestBackend.StartAsync("blue-1");
        await using var green = await TestBackend.StartAsync("green-1");
        await using var green2 = await TestBackend.StartAsync("green-2");
        await using var proxy = await ProxyUnderTest.StartAsync(blue, green, statePath, NoProbes);

        await AssertOkAsync(proxy.Admin.PostAsJsonAsync("/api/v1/pools/green/destinations", new { id = "green-2", address = green2.Address }));
        Assert.Single(StoredDestinations(statePath));
        await AssertOkAsync(proxy.Admin.DeleteAsync("/api/v1/pools/green/destinations/green-2"));
        await Eventually.HoldsAsync(
            async () => (await proxy.Admin.GetStringAsync("/api/v1/history?limit=1")).Contains("destination-removed", StringComparison.Ordinal),
            "the removal once drained");

        // Red-black deploys add and delete servers all day: deleted added servers must not pile up in the state.
        Assert.Empty(StoredDestinations(statePath));
        Assert.Equal([("green-1", "active")], StateJson.Destinations(await proxy.GetStateAsync(), "green"));
    }

    private static async Task AssertOkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }


    private static JsonArray StoredDestinations(string statePath) =>
        JsonNode.Parse(File.ReadAllText(statePath))!["destinations"]!.AsArray();
}
