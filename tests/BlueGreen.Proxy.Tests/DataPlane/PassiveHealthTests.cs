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
}
