using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Cli.Tests.Infrastructure;

namespace BlueGreen.Cli.Tests.EndToEnd;

/// <summary>Every command of the contract, run as the real CLI process against a real proxy.</summary>
public sealed class CommandsTests : IAsyncLifetime
{
    private ProxyRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ProxyRig.StartAsync("--BlueGreen:Health:Active:Enabled=false");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Status_PlainOutput_DrawsPoolsSplitAndRollout()
    {
        var result = await _rig.RunAsync("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("stable pool blue", result.Output);
        Assert.Contains("blue-1", result.Output);
        Assert.Contains("green-1", result.Output);
        Assert.Contains(_rig.Green.Address, result.Output);
        Assert.Contains("active", result.Output);
        Assert.Contains("split  blue    100 %", result.Output);
        Assert.Contains("rollout: none running", result.Output);
        Assert.DoesNotContain("\u001b[", result.Output);
    }

    [Fact]
    public async Task Status_Json_IsTheServersStateDocument()
    {
        var result = await _rig.RunAsync("status", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var state = result.Json();
        Assert.Equal("blue", state.GetProperty("stable").GetString());
        Assert.Equal(100, state.GetProperty("weights").GetProperty("blue").GetDecimal());
        Assert.Equal("green-1", state.GetProperty("pools").GetProperty("green").GetProperty("destinations")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Weights_ValidSplit_SetsWeightsWithReasonInHistory()
    {
        var result = await _rig.RunAsync("weights", "95/5", "--reason", "canary v2", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(5, result.Json().GetProperty("weights").GetProperty("green").GetDecimal());
        var history = await _rig.RunAsync("history", "--limit", "1", "--json");
        Assert.True(history.ExitCode == 0, history.ToString());
        var events = history.Json();
        Assert.Equal(1, events.GetArrayLength());
        Assert.Equal("canary v2", events[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Weights_PlainOutput_SaysTheNewSplit()
    {
        var result = await _rig.RunAsync("weights", "99.5/0.5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("blue 99.5 % / green 0.5 %, stable blue", result.Output);
    }

    [Fact]
    public async Task Weights_NotSummingTo100_Exits1WithOneProblemLineNamingWeights()
    {
        var result = await _rig.RunAsync("weights", "60/30");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: 400 ", line);
        Assert.Contains("weights: ", line);
        Assert.Equal(100, (await _rig.StateAsync()).GetProperty("weights").GetProperty("blue").GetDecimal());
    }

    [Fact]
    public async Task Weights_DashInsteadOfSlash_Exits2ShowingTheForm()
    {
        var result = await _rig.RunAsync("weights", "95-5");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("BLUE/GREEN, e.g. 95/5", result.Error);
    }

    [Fact]
    public async Task UnknownOption_Exits2()
    {
        var result = await _rig.RunAsync("status", "--colour", "always");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--colour", result.Error);
    }

    [Fact]
    public async Task Status_NothingListening_Exits3NamingTheUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CliProcess.RunAsync(["status", "--url", $"http://127.0.0.1:{port}", "--token", "t"], _rig.Folder.Path);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"http://127.0.0.1:{port}/", result.Error);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Switch_Green_MakesGreenStable()
    {
        var result = await _rig.RunAsync("switch", "green", "--reason", "release v2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("blue 0 % / green 100 %, stable green", result.Output);
    }

    [Fact]
    public async Task Switch_UnknownPool_Exits1NamingTheField()
    {
        var result = await _rig.RunAsync("switch", "purple");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("to: ", result.Error);
    }

    [Fact]
    public async Task Rollback_AfterCanary_SendsAllTrafficToStable()
    {
        Assert.Equal(0, (await _rig.RunAsync("weights", "50/50")).ExitCode);

        var result = await _rig.RunAsync("rollback", "--reason", "canary errors", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(100, result.Json().GetProperty("weights").GetProperty("blue").GetDecimal());
        var last = await _rig.Admin.GetFromJsonAsync<JsonElement>("/api/v1/history?limit=1");
        Assert.Equal("canary errors", last[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Destinations_AddDrainEnableRemove_ChangeThePool()
    {
        var add = await _rig.RunAsync("destinations", "add", "green", "green-2", _rig.Green.Address, "--reason", "scale out");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("green-2", add.Output);

        var drain = await _rig.RunAsync("destinations", "drain", "green", "green-2", "--json");
        Assert.True(drain.ExitCode == 0, drain.ToString());
        Assert.Equal("draining", Destination(drain.Json(), "green-2").GetProperty("mode").GetString());

        var enable = await _rig.RunAsync("destinations", "enable", "green", "green-2", "--json");
        Assert.True(enable.ExitCode == 0, enable.ToString());
        Assert.Equal("active", Destination(enable.Json(), "green-2").GetProperty("mode").GetString());

        var remove = await _rig.RunAsync("destinations", "remove", "green", "green-2");
        Assert.True(remove.ExitCode == 0, remove.ToString());

        var unknown = await _rig.RunAsync("destinations", "drain", "green", "nope");
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("404", unknown.Error);
    }

    [Fact]
    public async Task History_Limit_ListsThatManyEventsNewestFirst()
    {
        Assert.Equal(0, (await _rig.RunAsync("weights", "90/10", "--reason", "first")).ExitCode);
        Assert.Equal(0, (await _rig.RunAsync("weights", "80/20", "--reason", "second")).ExitCode);

        var json = await _rig.RunAsync("history", "--limit", "2", "--json");
        var plain = await _rig.RunAsync("history", "--limit", "2");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(["second", "first"], json.Json().EnumerateArray().Select(e => e.GetProperty("reason").GetString()));
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("operator", plain.Output);
        Assert.True(plain.Output.IndexOf("second", StringComparison.Ordinal) < plain.Output.IndexOf("first", StringComparison.Ordinal), plain.Output);
    }

    private static JsonElement Destination(JsonElement state, string id) =>
        state.GetProperty("pools").EnumerateObject()
            .SelectMany(p => p.Value.GetProperty("destinations").EnumerateArray())
            .Single(d => d.GetProperty("id").GetString() == id);
}
