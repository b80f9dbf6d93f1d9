using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

public sealed class HistoryAndRestartTests
{
    [Fact]
    public async Task Restart_AfterChanges_KeepsWeightsAndVersionOverInitialWeights()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        var statePath = temp.File("state.json");

        long version;
        await using (var first = await ProxyUnderTest.StartAsync(blue, green, statePath))
        {
            await first.SetWeightsAsync(75.5m, 24.5m);
            using var switched = await first.Admin.PostAsJsonAsync("/api/v1/switch", new { to = "green" });
            await first.SetWeightsAsync(10, 90);
            version = await first.GetVersionAsync();
            Assert.Equal(3, version);
        }

        // Configured initial weights say all blue; the stored state must win.
        await using var second = await ProxyUnderTest.StartAsync(
            blue, green, statePath, "--BlueGreen:InitialWeights:Blue=100", "--BlueGreen:InitialWeights:Green=0");
        var state = await second.GetStateAsync();

        Assert.Equal(version, state.GetProperty("version").GetInt64());
        Assert.Equal(10m, state.GetProperty("weights").GetProperty("blue").GetDecimal());
        Assert.Equal(90m, state.GetProperty("weights").GetProperty("green").GetDecimal());
        Assert.Equal("green", state.GetProperty("stable").GetString());
    }

    [Fact]
    public async Task History_AfterChangesAndRestart_ListsThemNewestFirstWithActorAndReason()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        var statePath = temp.File("state.json");

        await using (var first = await ProxyUnderTest.StartAsync(blue, green, statePath))
        {
            using var weights = await first.Admin.PutAsJsonAsync("/api/v1/weights", new { blue = 95, green = 5, reason = "canary 5%" });
            using var switched = await first.Admin.PostAsJsonAsync("/api/v1/switch", new { to = "green", reason = "release" });
            using var rollback = await first.Admin.PostAsync("/api/v1/rollback", content: null);
        }

        await using var second = await ProxyUnderTest.StartAsync(blue, green, statePath);
        using var response = await second.Admin.GetAsync("/api/v1/history");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();

        Assert.Equal(["rollback", "switch", "weights"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([3L, 2L, 1L], events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.All(events, e => Assert.Equal("operator", e.GetProperty("actor").GetString()));
        Assert.Equal("canary 5%", events[2].GetProperty("reason").GetString());
        Assert.Equal("release", events[1].GetProperty("reason").GetString());
        Assert.Contains("green=5", events[2].GetProperty("to").GetString(), StringComparison.Ordinal);
        Assert.Contains("green=0", events[2].GetProperty("from").GetString(), StringComparison.Ordinal);

        using var limited = await second.Admin.GetAsync("/api/v1/history?limit=1");
        Assert.Single((await limited.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1001")]
    public async Task History_InvalidLimit_Returns400(string limit)
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;

        using var response = await proxy.Admin.GetAsync($"/api/v1/history?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Write_WhenTheStoreCannotBeWritten_Returns503AndChangesNothing()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");

        // The state file's folder would have to be a file: no write can succeed.
        var blocker = temp.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using var proxy = await ProxyUnderTest.StartAsync(blue, green, Path.Combine(blocker, "state.json"));

        using var response = await proxy.Admin.PutAsJsonAsync("/api/v1/weights", new { blue = 50, green = 50 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var state = await proxy.GetStateAsync();
        Assert.Equal(0, state.GetProperty("version").GetInt64());
        Assert.Equal(100m, state.GetProperty("weights").GetProperty("blue").GetDecimal());
    }

    [Fact]
    public async Task State_ShowsEachPoolsDestinations()
    {
        await using var pools = await TwoPools.StartAsync();
        var (_, green, proxy) = pools;

        using var response = await proxy.Admin.GetAsync("/api/v1/state");
        var state = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("\"0\"", response.Headers.ETag!.Tag);
        var destination = state.GetProperty("pools").GetProperty("green").GetProperty("destinations").EnumerateArray().Single();
        Assert.Equal("green-1", destination.GetProperty("id").GetString());
        Assert.Equal(green.Address, destination.GetProperty("address").GetString());
        Assert.Equal("active", destination.GetProperty("mode").GetString());
        Assert.Equal(0, destination.GetProperty("inFlight").GetInt32());
        Assert.Contains(destination.GetProperty("health").GetString(), new[] { "healthy", "unknown" });
    }
}
