using BlueGreen.Cli.Tests.Infrastructure;

namespace BlueGreen.Cli.Tests.EndToEnd;

/// <summary>The rollout commands of the real CLI against a real proxy, with real traffic where a rollout must be judged.</summary>
public sealed class RolloutTests : IAsyncLifetime
{
    private ProxyRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ProxyRig.StartAsync("--BlueGreen:Health:Active:Enabled=false");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task RolloutStart_Linear_ExpandsIntoStepsAndSendsTheApisInterval()
    {
        var result = await _rig.RunAsync(
            "rollout", "start", "green", "--linear", "25", "--every", "1h", "--max-error-rate", "0.02", "--min-requests", "50",
            "--on-failure", "pause", "--ramp-down", "50/5s", "--reason", "release v3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rollout = result.Json();
        Assert.Equal([25m, 50m, 75m, 100m], rollout.GetProperty("steps").EnumerateArray().Select(s => s.GetDecimal()));
        Assert.Equal("01:00:00", rollout.GetProperty("stepInterval").GetString());
        Assert.Equal("progressing", rollout.GetProperty("status").GetString());
        Assert.Equal("release v3", rollout.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RolloutStart_Canary_IsOneStepThenPromotion()
    {
        var result = await _rig.RunAsync("rollout", "start", "green", "--canary", "10", "--for", "5m", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([10m, 100m], result.Json().GetProperty("steps").EnumerateArray().Select(s => s.GetDecimal()));
        Assert.Equal("00:05:00", result.Json().GetProperty("stepInterval").GetString());
    }

    [Fact]
    public async Task RolloutStart_StepsAndLinear_Exits2MutuallyExclusive()
    {
        var result = await _rig.RunAsync("rollout", "start", "green", "--steps", "10,100", "--interval", "5s", "--linear", "10", "--every", "1m");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("mutually exclusive", result.Error);
    }

    [Fact]
    public async Task RolloutStart_BadInterval_Exits2()
    {
        var result = await _rig.RunAsync("rollout", "start", "green", "--steps", "10,100", "--interval", "soon");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--interval", result.Error);
    }

    [Fact]
    public async Task RolloutStart_ToStablePool_Exits1WithTheServersReason()
    {
        var result = await _rig.RunAsync("rollout", "start", "blue", "--steps", "10,100", "--interval", "5s");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: 400", result.Error);
    }

    [Fact]
    public async Task RolloutControls_PauseResumePromote_MoveTheRollout()
    {
        Assert.Equal(0, (await _rig.RunAsync("rollout", "start", "green", "--steps", "10,50,100", "--interval", "1h")).ExitCode);

        var pause = await _rig.RunAsync("rollout", "pause", "--reason", "looking", "--json");
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Equal("paused", pause.Json().GetProperty("status").GetString());

        var status = await _rig.RunAsync("rollout", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("paused", status.Output);
        Assert.Contains("1/3", status.Output);

        var resume = await _rig.RunAsync("rollout", "resume");
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains("progressing", resume.Output);

        var promote = await _rig.RunAsync("rollout", "promote", "--json");
        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.Equal("promoted", promote.Json().GetProperty("status").GetString());

        var again = await _rig.RunAsync("rollout", "pause");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("409", again.Error);
    }

    [Fact]
    public async Task RolloutAbort_Running_EndsAbortedAndWatchExits4()
    {
        Assert.Equal(0, (await _rig.RunAsync("rollout", "start", "green", "--steps", "10,100", "--interval", "1h")).ExitCode);

        var abort = await _rig.RunAsync("rollout", "abort", "--reason", "not today");
        var watch = await _rig.RunAsync("rollout", "status", "--watch");

        Assert.True(abort.ExitCode == 0, abort.ToString());
        Assert.Contains("aborted", abort.Output);
        Assert.True(watch.ExitCode == 4, watch.ToString());
    }

    [Fact]
    public async Task RolloutStatus_NeverARollout_Exits1With404()
    {
        var result = await _rig.RunAsync("rollout", "status");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("404", result.Error);
    }

    [Fact]
    public async Task RolloutStatusWatch_HealthyCanary_PrintsLinesAndExits0WhenPromoted()
    {
        await using var traffic = Traffic.Start(_rig.Data);
        // A 3 s step: long enough that a CLI process started on a loaded machine still sees it progressing.
        Assert.Equal(0, (await _rig.RunAsync("rollout", "start", "green", "--steps", "50,100", "--interval", "3s", "--min-requests", "5", "--no-sequential")).ExitCode);

        var watch = await _rig.RunAsync("rollout", "status", "--watch");

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var lines = watch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("progressing", lines[0]);
        Assert.Contains("promoted", lines[^1]);
        Assert.DoesNotContain("\u001b[", watch.Output);
    }

    [Fact]
    public async Task RolloutStatusWatch_FailingCanary_Exits4WhenRolledBack()
    {
        _rig.Green.ErrorRate = 0.5;
        await using var traffic = Traffic.Start(_rig.Data);
        Assert.Equal(0, (await _rig.RunAsync("rollout", "start", "green", "--steps", "50,100", "--interval", "1s", "--min-requests", "5")).ExitCode);

        var watch = await _rig.RunAsync("rollout", "status", "--watch");

        Assert.True(watch.ExitCode == 4, watch.ToString());
        Assert.Contains("rolledBack", watch.Output);
    }

    [Fact]
    public async Task RolloutStatusWatch_FailingCanaryOnFailurePause_Exits5WhenPaused()
    {
        _rig.Green.ErrorRate = 0.5;
        await using var traffic = Traffic.Start(_rig.Data);
        Assert.Equal(0, (await _rig.RunAsync(
            "rollout", "start", "green", "--steps", "50,100", "--interval", "1s", "--min-requests", "5", "--on-failure", "pause")).ExitCode);

        var watch = await _rig.RunAsync("rollout", "status", "--watch");

        Assert.True(watch.ExitCode == 5, watch.ToString());
        Assert.Contains("paused", watch.Output);
    }
}
