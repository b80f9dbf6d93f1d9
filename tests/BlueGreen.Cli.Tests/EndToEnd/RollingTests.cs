using System.Net;
using System.Text.Json;
using BlueGreen.Cli.Tests.Infrastructure;

namespace BlueGreen.Cli.Tests.EndToEnd;

/// <summary>
/// The rolling commands of the real CLI against a real proxy whose blue pool has three real backends (blue-1..3),
/// with traffic through the data plane where a batch must be judged. Active health is off: a batch back in rotation
/// counts as healthy until passive health says otherwise.
/// </summary>
public sealed class RollingTests : IAsyncLifetime
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(90);

    private ProxyRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ProxyRig.StartAsync(blueBackends: 3, "--BlueGreen:Health:Active:Enabled=false");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task RollingStart_Json_IsTheServersDocumentWithTheGivenSettings_AndStatusJsonReadsIt()
    {
        var start = await _rig.RunAsync(
            "rolling", "start", "blue", "--batch", "1", "--pause", "0s", "--drain-timeout", "5s", "--health-timeout", "30s",
            "--max-error-rate", "0.02", "--min-requests", "50", "--no-sequential", "--reason", "release 42", "--json");

        Assert.True(start.ExitCode == 0, start.ToString());
        var rolling = start.Json();
        Assert.Equal("blue", rolling.GetProperty("pool").GetString());
        Assert.Equal("progressing", rolling.GetProperty("status").GetString());
        Assert.Equal([["blue-1"], ["blue-2"], ["blue-3"]], Batches(rolling));
        Assert.Equal(("00:00:00", "00:00:05", "00:00:30"), (Text(rolling, "pause"), Text(rolling, "drainTimeout"), Text(rolling, "healthTimeout")));
        Assert.Equal(JsonValueKind.Null, rolling.GetProperty("update").ValueKind);
        Assert.Equal("release 42", Text(rolling, "reason"));

        var status = await _rig.RunAsync("rolling", "status", "blue", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(Text(rolling, "id"), Text(status.Json(), "id"));
    }

    [Fact]
    public async Task RollingStart_ShareAndWebhook_SendsThemAsTheApiHasThem()
    {
        var start = await _rig.RunAsync(
            "rolling", "start", "blue", "--batch", "34%", "--update-url", "http://127.0.0.1:9/update", "--update-timeout", "2m", "--json");

        Assert.True(start.ExitCode == 0, start.ToString());
        var rolling = start.Json();
        Assert.Equal([["blue-1", "blue-2"], ["blue-3"]], Batches(rolling));
        Assert.Equal("http://127.0.0.1:9/update", Text(rolling.GetProperty("update"), "url"));
        Assert.Equal("00:02:00", Text(rolling.GetProperty("update"), "timeout"));
    }

    [Fact]
    public async Task RollingStatus_BatchWaitingForAnOperator_DrawsTheBatchesAndSaysToContinue()
    {
        var start = await _rig.RunAsync("rolling", "start", "blue", "--batch", "1", "--pause", "0s");
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("of blue: progressing, batch 1/3 (blue-1) pending, 0/3 updated", start.Output);
        await _rig.WaitForRollingAsync("blue", r => Text(r, "status") == "waitingForUpdate", "blue-1 waits for its update");

        var status = await _rig.RunAsync("rolling", "status", "blue");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("rolling update rl-", status.Output);
        Assert.Contains("waitingForUpdate", status.Output);
        Assert.Contains("updating, waiting for its update", status.Output);
        Assert.Contains("blue-3", status.Output);
        Assert.Contains("not yet", status.Output);
        Assert.Contains("once it is done, run: bluegreen rolling continue blue", status.Output);
        Assert.DoesNotContain("\u001b[", status.Output);
    }

    [Fact]
    public async Task RollingContinue_ManualRoll_WatchFollowsEveryBatchAndExits0WhenCompleted()
    {
        await using var traffic = Traffic.Start(_rig.Data);
        var start = await _rig.RunAsync(
            "rolling", "start", "blue", "--batch", "1", "--pause", "0s", "--drain-timeout", "5s", "--min-requests", "5", "--no-sequential");
        Assert.True(start.ExitCode == 0, start.ToString());

        // Each continue waits until the watch has printed that the batch waits for it: the watch saw it and went on.
        using var watch = _rig.Start("rolling", "status", "blue", "--watch");
        for (var batch = 1; batch <= 3; batch++)
        {
            await watch.WaitForOutputAsync($"waiting for the update of blue-{batch}: once it is done, run: bluegreen rolling continue blue", WatchTimeout);
            var continued = await _rig.RunAsync("rolling", "continue", "blue", "--reason", $"blue-{batch} deployed");
            Assert.True(continued.ExitCode == 0, continued.ToString());
        }

        var result = await watch.WaitForExitAsync(WatchTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rolling rl-", lines[0]);
        Assert.Contains("completed", lines[^1]);
        Assert.Contains("3/3 updated", lines[^1]);
        Assert.DoesNotContain("\u001b[", result.Output);
    }

    [Fact]
    public async Task RollingAbort_Running_EndsAbortedAndWatchExits4()
    {
        Assert.Equal(0, (await _rig.RunAsync("rolling", "start", "blue", "--batch", "1")).ExitCode);

        var abort = await _rig.RunAsync("rolling", "abort", "blue", "--reason", "not today");
        var watch = await _rig.RunAsync("rolling", "status", "blue", "--watch");

        Assert.True(abort.ExitCode == 0, abort.ToString());
        Assert.Contains(": aborted, batch 1/3", abort.Output);
        Assert.True(watch.ExitCode == 4, watch.ToString());
        Assert.Contains("aborted", watch.Output);
    }

    [Fact]
    public async Task RollingPause_WatchExits5_ContinueIsRefusedUntilResumed()
    {
        Assert.Equal(0, (await _rig.RunAsync("rolling", "start", "blue", "--batch", "1", "--pause", "0s")).ExitCode);
        await _rig.WaitForRollingAsync("blue", r => Text(r, "status") == "waitingForUpdate", "blue-1 waits for its update");

        var pause = await _rig.RunAsync("rolling", "pause", "blue", "--reason", "looking");
        var watch = await _rig.RunAsync("rolling", "status", "blue", "--watch");
        var continueWhilePaused = await _rig.RunAsync("rolling", "continue", "blue");
        var resume = await _rig.RunAsync("rolling", "resume", "blue", "--json");

        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Contains("paused: bluegreen rolling resume blue goes on", pause.Output);
        Assert.True(watch.ExitCode == 5, watch.ToString());
        Assert.Contains(": paused,", watch.Output);
        Assert.True(continueWhilePaused.ExitCode == 1, continueWhilePaused.ToString());
        Assert.StartsWith("error: 409", continueWhilePaused.Error);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Equal("waitingForUpdate", Text(resume.Json(), "status"));
    }

    [Fact]
    public async Task RollingContinue_NothingRunning_Exits1WithThe409InOneLine()
    {
        var result = await _rig.RunAsync("rolling", "continue", "blue");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: 409 ", line);
    }

    [Fact]
    public async Task RollingStatus_NeverARoll_Exits1With404()
    {
        var result = await _rig.RunAsync("rolling", "status", "blue", "--watch");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: 404 No rolling update", result.Error);
    }

    [Theory]
    [InlineData("--pause 30s", "Option '--batch' is required")]
    [InlineData("--batch abc", "--batch: 'abc' is not a batch; write a count of destinations such as 2 or a share of the pool such as 20%")]
    [InlineData("--batch 0", "--batch: '0' is not a count of destinations; a batch takes at least 1")]
    [InlineData("--batch 1 --pause soon", "--pause: 'soon' is not a duration")]
    [InlineData("--batch 1 --health-timeout 0s", "--health-timeout: '0s' is not a positive duration")]
    [InlineData("--batch 1 --update-timeout 1m", "--update-timeout goes with --update-url")]
    [InlineData("--batch 1 --update-url ftp://deployer/update", "--update-url: 'ftp://deployer/update' is not an http:// or https:// address")]
    public async Task RollingStart_BadUsage_Exits2NamingTheOption(string options, string expected)
    {
        var result = await _rig.RunAsync(["rolling", "start", "blue", .. options.Split(' ')]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
        using var none = await _rig.Admin.GetAsync("/api/v1/pools/blue/rolling/current");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task RollingStart_UnknownPool_Exits1NamingThePools()
    {
        var result = await _rig.RunAsync("rolling", "start", "purple", "--batch", "1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: 404 Unknown pool: 'purple' is not a pool; the pools are blue and green.", result.Error);
    }

    [Fact]
    public async Task RollingStart_BatchAsLargeAsThePool_Exits1NamingBatch()
    {
        var result = await _rig.RunAsync("rolling", "start", "blue", "--batch", "3");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: 400 ", result.Error);
        Assert.Contains("batch: a batch of 3 would take all 3 destinations of blue out of rotation", result.Error);
    }

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    private static List<List<string>> Batches(JsonElement rolling) =>
        [.. rolling.GetProperty("batches").EnumerateArray().Select(batch => batch.EnumerateArray().Select(id => id.GetString()!).ToList())];
}
