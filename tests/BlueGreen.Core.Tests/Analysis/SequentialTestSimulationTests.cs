using BlueGreen.Core.Analysis;
using Xunit.Abstractions;

namespace BlueGreen.Core.Tests.Analysis;

/// <summary>
/// The acceptance of the sequential test, on seeded simulations (windows of 100 requests, a 5 % canary, rollouts of up
/// to 20,000 canary requests): its false-alarm rate when the canary is no worse, how soon it catches one that is, and
/// what checking a plain comparison after every window does instead. The figures go to the test output
/// (docs-sequential-figures.md quotes them).
/// </summary>
public sealed class SequentialTestSimulationTests(ITestOutputHelper output)
{
    private const double Alpha = 0.05;
    private const int Rollouts = 2_000;
    private const double CanaryShare = 0.05;

    [Fact]
    public void Simulate_EqualFailureRates_FalseAlarmRateAtMostAlpha()
    {
        var outcome = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.01).Run(Rollouts, seed: 1, Sequential);

        output.WriteLine($"sequential, 1 % vs 1 %: {outcome}");
        // Ville bounds it by alpha over an unbounded rollout; 6 % allows for the noise of 2,000 rollouts (sd ≈ 0.5 %).
        Assert.True(outcome.AlarmRate <= 0.06, outcome.ToString());
    }

    [Fact]
    public void Simulate_ThreeTimesTheFailures_CaughtInTheMedianWithinAThousandCanaryRequests()
    {
        var outcome = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.03).Run(Rollouts, seed: 2, Sequential);

        output.WriteLine($"sequential, 1 % vs 3 % errors: {outcome}");
        Assert.True(outcome.MedianCanaryRequestsToAlarm <= 1_000, outcome.ToString());
    }

    [Fact]
    public void Simulate_ThreeTimesTheSlowAnswers_CaughtInTheMedianWithinAThousandCanaryRequests()
    {
        // "Slow" is slower than the stable pool's running p99: 1 % of stable requests, 3 % of the canary's.
        var outcome = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.03).Run(Rollouts, seed: 3, Sequential);

        output.WriteLine($"sequential, 1 % vs 3 % slower than stable p99: {outcome}");
        Assert.True(outcome.MedianCanaryRequestsToAlarm <= 1_000, outcome.ToString());
    }

    [Fact]
    public void Simulate_NaiveComparisonAfterEveryWindowAtEqualFailureRates_FalseAlarmRateFarAboveAlpha()
    {
        var outcome = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.01).Run(Rollouts, seed: 1, NaiveComparison);

        output.WriteLine($"naive 'canary error rate above stable's' after every window, 1 % vs 1 %: {outcome}");
        Assert.True(outcome.AlarmRate >= 5 * Alpha, outcome.ToString());
    }

    [Fact]
    public void Simulate_FixedThresholdAfterEveryWindow_MissesThreeTimesTheFailuresMoreOftenThanTheSequentialTest()
    {
        var equal = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.01).Run(Rollouts, seed: 1, FixedThreshold);
        var worse = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.03).Run(Rollouts, seed: 2, FixedThreshold);
        var sequential = new CanarySimulation(CanaryShare, StableEventRate: 0.01, CanaryEventRate: 0.03).Run(Rollouts, seed: 2, Sequential);

        output.WriteLine($"fixed threshold (error rate above 5 %), 1 % vs 1 %: {equal}");
        output.WriteLine($"fixed threshold (error rate above 5 %), 1 % vs 3 %: {worse}");
        Assert.True(worse.AlarmRate < sequential.AlarmRate, $"fixed {worse}; sequential {sequential}");
    }

    [Fact]
    public void Simulate_LatenciesThroughHistogramsAtEqualDistributions_FalseAlarmRateAtMostAlpha()
    {
        // Fewer, shorter rollouts than the event model: every request draws a latency here.
        var outcome = new LatencySimulation(CanaryShare, CanarySlowdown: 1, MaxCanaryRequests: 2_000).Run(rollouts: 200, seed: 4, Alpha);

        output.WriteLine($"sequential on latencies via histograms, same distribution, rollouts of 2,000 canary requests: {outcome}");
        // 200 rollouts: the noise is about 1.5 points, so allow two of them above alpha.
        Assert.True(outcome.AlarmRate <= Alpha + 0.03, outcome.ToString());
    }

    [Fact]
    public void Simulate_LatenciesThroughHistogramsCanaryAQuarterSlower_CaughtInTheMedianWithinAThousandCanaryRequests()
    {
        // Log-normal with sigma 0.5: a canary 25 % slower throughout puts about 3 % of its requests above stable's p99.
        var outcome = new LatencySimulation(CanaryShare, CanarySlowdown: 1.25).Run(rollouts: 500, seed: 5, Alpha);

        output.WriteLine($"sequential on latencies via histograms, canary 25 % slower: {outcome}");
        Assert.True(outcome.MedianCanaryRequestsToAlarm <= 1_000, outcome.ToString());
    }

    private static CanarySimulation.Detector Sequential()
    {
        var test = new SequentialTest(Alpha);
        return (canaryRequests, stableRequests, canaryEvents, stableEvents) =>
        {
            test.Observe(canaryRequests, stableRequests, canaryEvents, stableEvents);
            return test.Rejected;
        };
    }

    // What a dashboard peeked at after every window does: the canary's error rate so far above the stable pool's,
    // once the canary has served 20 requests.
    private static CanarySimulation.Detector NaiveComparison()
    {
        long canaryRequests = 0, stableRequests = 0, canaryErrors = 0, stableErrors = 0;
        return (canary, stable, canaryEvents, stableEvents) =>
        {
            (canaryRequests, stableRequests) = (canaryRequests + canary, stableRequests + stable);
            (canaryErrors, stableErrors) = (canaryErrors + canaryEvents, stableErrors + stableEvents);
            return canaryRequests >= 20 && (double)canaryErrors / canaryRequests > (double)stableErrors / stableRequests;
        };
    }

    // The rollout judge's default check peeked at after every window: the canary's error rate so far above 5 %, once
    // it has served 20 requests.
    private static CanarySimulation.Detector FixedThreshold()
    {
        long canaryRequests = 0, canaryErrors = 0;
        return (canary, _, canaryEvents, _) =>
        {
            (canaryRequests, canaryErrors) = (canaryRequests + canary, canaryErrors + canaryEvents);
            return canaryRequests >= 20 && (double)canaryErrors / canaryRequests > 0.05;
        };
    }
}
