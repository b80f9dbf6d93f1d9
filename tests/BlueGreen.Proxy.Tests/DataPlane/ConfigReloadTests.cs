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

    private static async Task<string> BackendOfBlueAsync(ProxyUnderTest proxy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-BlueGreen-Pool", "blue");
        using var response = await proxy.Client.SendAsync(request);
        return response.Headers.GetValues("X-Backend").Single();
    }

    /// <summary>Writes the file as operators should: a whole new file renamed over the old one.</summary>
    private static async Task WriteConfigAsync(string path, string blueAddress, string greenAddress)
    {
        var config = new
        {
            BlueGreen = new
            {
                Pools = new
                {
                    blue = new { Destinations = new Dictionary<string, string> { ["b1"] = blueAddress } },
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
