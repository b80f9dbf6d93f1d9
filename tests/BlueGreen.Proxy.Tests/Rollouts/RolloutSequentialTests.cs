using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>
/// The anytime-valid sequential test end to end: real backends failing a share of their requests. Alone
/// (<see cref="TimingCollection"/>): its latency half judges tail latency, which a loaded machine skews.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class RolloutSequentialTests
{
    private static readonly string[] Quiet = ["--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false"];

    [Fact]
    public async Task Rollout_GreenFailingThreePercentAgainstBluesOne_IsRolledBackByTheSequentialTestBeforeTheStepEnds()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Blue.ErrorRate = 0.01;
        pools.Green.ErrorRate = 0.03;
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 8);

        // Thresholds set loose: a 3 % canary is well within maxErrorRate 0.2; only the sequential test can see it.
        var started = await pools.Proxy.Admin.StartRolloutAsync(new
        {
            to = "green", steps = new[] { 50, 100 }, stepInterval = "00:10:00", analysis = new { maxErrorRate = 0.2 },
        });
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("rolledBack", TimeSpan.FromSeconds(120));

        Assert.Contains("the sequential test finds the canary green has errors more often than blue", ended.Detail(), StringComparison.Ordinal);
        Assert.Contains("against a threshold of 20 (1/alpha)", ended.Detail(), StringComparison.Ordinal);
        Assert.True(ended.GetProperty("endedAt").GetDateTimeOffset() - started.GetProperty("stepStartedAt").GetDateTimeOffset() < TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Rollout_BothPoolsFailingOnePercent_IsPromoted()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Blue.ErrorRate = 0.01;
        pools.Green.ErrorRate = 0.01;
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 8);

        // alpha 0.01 bounds this test's chance of a false alarm, and so of failing by bad luck, at 1 % (far less in 2 s).
        await pools.Proxy.Admin.StartRolloutAsync(new
        {
            to = "green", steps = new[] { 50, 100 }, stepInterval = "00:00:02", analysis = new { maxErrorRate = 0.2, alpha = 0.01 },
        });
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("promoted");

        Assert.Contains("sequential test: errors likelihood ratio", ended.Detail(), StringComparison.Ordinal);
    }
}
