using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class ConfigReloadTests
{
    [Fact]
    public async Task ConfigFileChange_NewBlueDestination_ServesFromItWithoutRestartAndKeepsTheWeights()
    {
        using var temp = new TemporaryDirectory();
        await using var blueA = await TestBackend.StartAsync("blue-a");
        await using var blueB = await TestBackend.StartAsync("blue-b");
        await using var green = await TestBackend.StartAsync("green");
        var configPath = temp.File("bluegreen.json");
        await WriteConfigAsync(configPath, blueA.Address, green.Address);
        await using var proxy = await ProxyUnderTest.StartAsync(["--config", configPath, $"--BlueGreen:State:Path={temp.File("state.json")}"]);
        await proxy.SetWeightsAsync(90, 10);
        Assert.Equal("blue-a", await BackendOfBlueAsync(proxy));

        // An invalid file is refused and the last good pools stay; the next valid one applies.
        await WriteConfigAsync(configPath, "not-a-url", green.Address);
        Assert.Equal("blue-a", await BackendOfBlueAsync(proxy));
        await WriteConfigAsync(configPath, blueB.Address, green.Address);
        await Eventually.HoldsAsync(async () => await BackendOfBlueAsync(proxy) == "blue-b", "blue served by the new destination");

        var state = await proxy.GetStateAsync();
        Assert.Equal(1, state.GetProperty("version").GetInt64());
        Assert.Equal(10m, state.GetProperty("weights").GetProperty("green").GetDecimal());
        Assert.Equal(blueB.Address, state.GetProperty("pools").GetProperty("blue").GetProperty("destinations")[0].GetProperty("address").GetString());
    }

    [Fact]
    public async Task ConfigFileChange_BringsBackADeletedDestinationStillDraining_ItIsAMemberAgainAndNeverRecordedRemoved()
    {
        using var temp = new TemporaryDirectory();
        await using var blueA = await TestBackend.StartAsync("blue-a");
        await using var blueB = await TestBackend.StartAsync("blue-b");
        await using var green = await TestBackend.StartAsync("green");
        var configPath = temp.File("bluegreen.json");
        await WriteConfigAsync(configPath, blueA.Address, green.Address);
        await using var proxy = await ProxyUnderTest.StartAsync(["--config", configPath, $"--BlueGreen:State:Path={temp.File("state.json")}"]);
        using var added = await proxy.Admin.PostAsJsonAsync("/api/v1/pools/blue/destinations", new { id = "b2", address = blueB.Address });
        using var drained = await proxy.Admin.PostAsync("/api/v1/pools/blue/destinations/b1/drain", content: null);
        var slow = proxy.Client.GetAsync("/delay/1000");
        await Eventually.HoldsAsync(() => blueB.InFlight == 1, "a slow request in flight on b2");
        using var deleted = await proxy.Admin.DeleteAsync("/api/v1/pools/blue/destinations/b2");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        // A red-black deploy's new server written into the configuration while its deletion still drains.
        await WriteConfigAsync(configPath, blueA.Address, green.Address, ("b2", blueB.Address));
        await Eventually.HoldsAsync(
            async () => StateJson.Destinations(await proxy.GetStateAsync(), "blue").SequenceEqual([("b1", "draining"), ("b2", "active")]),
            "b2 listed once, active, from the configuration");
        using (var response = await slow)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The drainer polls every 20 ms: well within this wait it would have recorded a removal if it still ran.
        await Task.Delay(300);
        Assert.DoesNotContain("destination-removed", await proxy.Admin.GetStringAsync("/api/v1/history"), StringComparison.Ordinal);
        Assert.Equal([("b1", "draining"), ("b2", "active")], StateJson.Destinations(await proxy.GetStateAsync(), "blue"));
    }


    private static async Task<string> BackendOfBlueAsync(ProxyUnderTest proxy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-BlueGreen-Pool", "blue");
        using var response = await proxy.Client.SendAsync(request);
        return response.Headers.GetValues("X-Backend").Single();
    }

    /// <summary>Writes the file as operators should: a whole new file renamed over the old one.</summary>
    private static async Task WriteConfigAsync(string path, string blueAddress, string greenAddress, params (string Id, string Address)[] moreBlue)
    {
        var blue = new Dictionary<string, string> { ["b1"] = blueAddress };
        foreach (var (id, address) in moreBlue)
        {
            blue[id] = address;
        }

        var config = new
        {
            BlueGreen = new
            {
                Pools = new
                {
                    blue = new { Destinations = blue },
                    green = new { Destinations = new Dictionary<string, string> { ["g1"] = greenAddress } },
                },
                Health = new { Active = new { Enabled = false } },
            },
        };
        var temporary = path + ".new";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(config));
        File.Move(temporary, path, overwrite: true);
    }
}
