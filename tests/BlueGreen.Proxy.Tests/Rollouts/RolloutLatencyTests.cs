using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>
/// Rollouts judged on p99 latency, against real backends. Latency is what a loaded machine distorts, so these run
/// alone (<see cref="TimingCollection"/>), not beside the other test classes.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class RolloutLatencyTests
{
    private static readonly string[] Quiet = ["--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false"];

    [Fact]
    public async Task Rollout_GreenThreeHundredMsSlowerThanTheP99Limit_IsRolledBack()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Green.Delay = TimeSpan.FromMilliseconds(300);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 8);

        await admin.StartRolloutAsync(new
        {
            to = "green", steps = new[] { 20, 100 }, stepInterval = "00:00:30", analysis = new { maxP99Ms = 200, minRequests = 20 },
        });
        var ended = await admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Contains("p99", ended.Detail(), StringComparison.Ordinal);
        Assert.True(ended.GetProperty("analysis").GetProperty("pools").GetProperty("green").GetProperty("p99Ms").GetDouble() > 200);
    }

    [Fact]
    public async Task Rollout_GreenTwentyMsSlower_IsPromoted()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Green.Delay = TimeSpan.FromMilliseconds(20);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 8);

        await admin.StartRolloutAsync(new
        {
            // The threshold alone: the sequential test would rightly find a canary 20 ms slower than a 3 ms stable pool
            // slower than the stable p99 (see Rollout_ConsistentlySlowerGreen_IsCaughtByTheSequentialTest).
            to = "green", steps = new[] { 20, 100 }, stepInterval = "00:00:02", analysis = new { maxP99Ms = 200, minRequests = 20, sequential = false },
        });
        var ended = await admin.WaitForRolloutStatusAsync("promoted");

        Assert.Equal("pass", ended.Verdict());
    }

    [Fact]
    public async Task Rollout_ConsistentlySlowerGreen_IsCaughtByTheSequentialTestWithinItsP99Budget()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        pools.Green.Delay = TimeSpan.FromMilliseconds(20);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 8);

        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 20, 100 }, stepInterval = "00:10:00", analysis = new { maxP99Ms = 200 } });
        var ended = await admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Contains("has answers slower than the stable p99 more often than blue", ended.Detail(), StringComparison.Ordinal);
    }
}
