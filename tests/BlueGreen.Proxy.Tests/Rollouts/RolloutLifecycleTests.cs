using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>Rollouts end to end: real backends on 127.0.0.1, real traffic, short steps.</summary>
public sealed class RolloutLifecycleTests
{
    private static readonly string[] Quiet = ["--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false"];

    // Rollouts that must be promoted are judged by the thresholds alone: on a machine loaded by the other test classes,
    // one test backend can really be slower at the tail than the other, and the sequential test would rightly see it.
    private static readonly object NoSequential = new { sequential = false };

    [Fact]
    public async Task Rollout_HealthyGreen_IsPromotedThroughItsStepsWithOneAuditEventPerTransition()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        var started = await admin.StartRolloutAsync(new { to = "green", steps = new[] { 10, 50, 100 }, stepInterval = "00:00:02", analysis = NoSequential, reason = "release 2.4" });
        Assert.Equal(("progressing", 0), (started.Status(), started.GetProperty("step").GetInt32()));
        Assert.Equal(10, started.GetProperty("weights").GetProperty("green").GetDecimal());

        var ended = await admin.WaitForRolloutStatusAsync("promoted");

        Assert.Equal(2, ended.GetProperty("step").GetInt32());
        Assert.Equal("pass", ended.Verdict());
        var state = await pools.Proxy.GetStateAsync();
        Assert.Equal("green", state.GetProperty("stable").GetString());
        Assert.Equal((0m, 100m), (state.GetProperty("weights").GetProperty("blue").GetDecimal(), state.GetProperty("weights").GetProperty("green").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("rollout").ValueKind);
        var actions = (await admin.HistoryAsync()).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["rollout-start", "rollout-step", "rollout-promote"], actions);
        Assert.Equal(0, traffic.Failed);
    }

    [Fact]
    public async Task Rollout_GreenFailingTenPercent_IsRolledBackInTheFirstStepWithBothPoolsRates()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Green.ErrorRate = 0.1;
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 20, 50, 100 }, stepInterval = "00:00:30", analysis = new { minRequests = 50 } });
        var ended = await admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Equal(0, ended.GetProperty("step").GetInt32());
        Assert.Equal("fail", ended.Verdict());
        Assert.Contains("green", ended.Detail(), StringComparison.Ordinal);
        Assert.Contains("blue 0 % errors", ended.Detail(), StringComparison.Ordinal);
        Assert.True(ended.GetProperty("analysis").GetProperty("pools").GetProperty("green").GetProperty("errors").GetInt64() > 0);
        var rollback = (await admin.HistoryAsync()).Last();
        Assert.Equal(("rollout-rollback", "system"), (rollback.GetProperty("action").GetString(), rollback.GetProperty("actor").GetString()));
        Assert.Equal(ended.Detail(), rollback.GetProperty("reason").GetString());
        var state = await pools.Proxy.GetStateAsync();
        Assert.Equal(("blue", 100m), (state.GetProperty("stable").GetString(), state.GetProperty("weights").GetProperty("blue").GetDecimal()));
    }

    [Fact]
    public async Task Rollout_FewerCanaryRequestsThanMinRequests_WaitsPastItsInterval()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 1);

        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 10, 100 }, stepInterval = "00:00:01", analysis = new { minRequests = 1_000_000, sequential = false } });
        var waiting = await admin.WaitForRolloutAsync(
            r => r.Verdict() == "waiting" && r.GetProperty("analysis").GetProperty("pools").GetProperty("green").GetProperty("requests").GetInt64() > 20,
            "a judged step with canary traffic");
        await Eventually.HoldsAsync(() => traffic.Sent > 600, "traffic well past the step interval");

        var still = await admin.CurrentRolloutAsync();
        Assert.Equal(("progressing", 0, "waiting"), (still.Status(), still.GetProperty("step").GetInt32(), still.Verdict()));
        Assert.Contains("1000000 requests a judgement needs", still.Detail(), StringComparison.Ordinal);
        Assert.Equal(10m, waiting.GetProperty("weights").GetProperty("green").GetDecimal());
    }

    [Fact]
    public async Task Rollout_GreenRefusingConnections_IsRolledBackThoughEveryClientGot200()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        string deadGreen;
        await using (var gone = await TestBackend.StartAsync("green"))
        {
            deadGreen = gone.Address;
        }

        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
            $"--BlueGreen:Pools:green:Destinations:green-1={deadGreen}",
            $"--BlueGreen:State:Path={temp.File("state.json")}",
            .. Quiet,
        ]);
        await using var traffic = Traffic.Start(proxy.Client);

        await proxy.Admin.StartRolloutAsync(new { to = "green", steps = new[] { 20, 100 }, stepInterval = "00:00:30" });
        var ended = await proxy.Admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Contains("failed over", ended.Detail(), StringComparison.Ordinal);
        Assert.Equal(0, traffic.Failed);
    }

    [Fact]
    public async Task Rollout_DryRunOnAFailingGreen_ReportsWouldRollBackAndNeverActs()
    {
        // Passive health off: a 20 % error rate may also eject green's destination, and the judge would name that first.
        await using var pools = await TwoPools.StartAsync([.. Quiet, "--BlueGreen:Health:Passive:Enabled=false"]);
        pools.Green.ErrorRate = 0.2;
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 20, 100 }, stepInterval = "00:00:03", analysis = new { dryRun = true } });
        var ended = await admin.WaitForRolloutStatusAsync("promoted");

        var history = await admin.HistoryAsync();
        var dryRun = Assert.Single(history, e => e.GetProperty("action").GetString() == "rollout-dry-run");
        Assert.Contains("would roll back", dryRun.GetProperty("to").GetString(), StringComparison.Ordinal);
        Assert.Contains("errors more often than blue", dryRun.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(history, e => e.GetProperty("action").GetString() == "rollout-rollback");
        Assert.Equal("fail", ended.Verdict());
    }

    [Fact]
    public async Task Rollout_OnFailurePause_HoldsTheStepsWeights()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Green.ErrorRate = 0.5;
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 30, 100 }, stepInterval = "00:00:30", onFailure = "pause" });
        var paused = await admin.WaitForRolloutStatusAsync("paused");

        Assert.Equal("fail", paused.Verdict());
        var state = await pools.Proxy.GetStateAsync();
        Assert.Equal(30m, state.GetProperty("weights").GetProperty("green").GetDecimal());
        Assert.Equal("paused", state.GetProperty("rollout").GetProperty("status").GetString());
        Assert.Equal("rollout-pause", (await admin.HistoryAsync()).Last().GetProperty("action").GetString());
    }

    [Fact]
    public async Task Rollout_RampDown_GoesBackInTheStagesGiven()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Green.ErrorRate = 0.5;
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await admin.StartRolloutAsync(new
        {
            to = "green", steps = new[] { 40, 100 }, stepInterval = "00:00:30", rampDown = new { percent = 50, interval = "00:00:00.300" },
        });
        await admin.WaitForRolloutStatusAsync("rolledBack");

        var history = (await admin.HistoryAsync()).Where(e => e.GetProperty("action").GetString()!.StartsWith("rollout-", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["rollout-start", "rollout-rollback", "rollout-ramp-down", "rollout-ramp-down", "rollout-ramp-down", "rollout-ramp-down", "rollout-rollback"],
            history.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(
            ["blue=60,green=40", "blue=80,green=20", "blue=90,green=10", "blue=95,green=5", "blue=97.5,green=2.5", "blue=98.75,green=1.25", "blue=100,green=0"],
            history.Select(e => e.GetProperty("to").GetString()!.Split(',')[0] + "," + e.GetProperty("to").GetString()!.Split(',')[1]));
    }

    [Fact]
    public async Task Promote_MidStep_PromotesAtOnce()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 5, 25, 100 }, stepInterval = "00:10:00" });

        using var response = await admin.PostAsJsonAsync("/api/v1/rollouts/current/promote", new { reason = "looks good" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var promoted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("promoted", promoted.Status());
        Assert.Equal("green", (await pools.Proxy.GetStateAsync()).GetProperty("stable").GetString());
        Assert.Equal("green", await pools.Proxy.GetPoolAsync());
    }

    [Fact]
    public async Task Abort_MidStep_SendsEverythingBackToTheStablePool()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 50, 100 }, stepInterval = "00:10:00" });

        using var response = await admin.PostAsJsonAsync("/api/v1/rollouts/current/abort", new { reason = "wrong build" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("aborted", (await response.Content.ReadFromJsonAsync<JsonElement>()).Status());
        var state = await pools.Proxy.GetStateAsync();
        Assert.Equal(("blue", 100m), (state.GetProperty("stable").GetString(), state.GetProperty("weights").GetProperty("blue").GetDecimal()));
        var abort = (await admin.HistoryAsync()).Last();
        Assert.Equal(("rollout-abort", "operator", "wrong build"), (abort.GetProperty("action").GetString(), abort.GetProperty("actor").GetString(), abort.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task PauseThenResume_HoldsThenGoesOn()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);
        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 10, 100 }, stepInterval = "00:00:01", analysis = NoSequential });

        using var pause = await admin.PostAsync("/api/v1/rollouts/current/pause", null);
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        await Eventually.HoldsAsync(() => traffic.Sent > 800, "traffic past the step interval while paused");
        Assert.Equal("paused", (await admin.CurrentRolloutAsync()).Status());

        using var resume = await admin.PostAsync("/api/v1/rollouts/current/resume", null);
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        await admin.WaitForRolloutStatusAsync("promoted");
    }
}
