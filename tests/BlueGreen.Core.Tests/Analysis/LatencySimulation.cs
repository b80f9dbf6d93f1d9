using BlueGreen.Core.Analysis;

namespace BlueGreen.Core.Tests.Analysis;

/// <summary>
/// Seeded rollouts judged on latency the way the proxy would: every request draws a log-normal latency (the canary's
/// scaled by <paramref name="CanarySlowdown"/>) into per-window histograms; after each window the stable pool's running
/// p99 (from its windows before this one) sets the bar, <see cref="LatencyHistogram.CountAbove"/> counts each pool's
/// slower requests in the window, and the sequential test sees those counts.
/// </summary>
/// <param name="CanaryShare">The probability that a request goes to the canary.</param>
/// <param name="CanarySlowdown">The factor on every canary latency (1: the same distribution as stable).</param>
/// <param name="WindowRequests">Requests per window (both pools).</param>
/// <param name="MaxCanaryRequests">Canary requests after which a rollout ends without an alarm.</param>
internal sealed record LatencySimulation(double CanaryShare, double CanarySlowdown, int WindowRequests = 100, long MaxCanaryRequests = 20_000)
{
    private const double MedianMicroseconds = 20_000;
    private const double Sigma = 0.5;

    /// <summary>
    /// Simulates <paramref name="rollouts"/> rollouts, each with a fresh test at <paramref name="alpha"/> and its own
    /// generator seeded from <paramref name="seed"/> and its index, so the outcome is the same on any number of threads.
    /// </summary>
    public SimulationOutcome Run(int rollouts, int seed, double alpha)
    {
        var alarmedAt = new long?[rollouts];
        Parallel.For(0, rollouts, rollout =>
        {
            var random = new Random(unchecked((seed * 1_000_003) + rollout));
            var stableTotal = new long[LatencyHistogram.BucketCount];
            var canaryWindow = new long[LatencyHistogram.BucketCount];
            var stableWindow = new long[LatencyHistogram.BucketCount];
            var test = new SequentialTest(alpha);
            long canaryRequests = 0;
            while (canaryRequests < MaxCanaryRequests && !test.Rejected)
            {
                Array.Clear(canaryWindow);
                Array.Clear(stableWindow);
                var canary = 0;
                for (var request = 0; request < WindowRequests; request++)
                {
                    var toCanary = random.NextDouble() < CanaryShare;
                    var microseconds = MedianMicroseconds * Math.Exp(Sigma * Gaussian(random)) * (toCanary ? CanarySlowdown : 1);
                    (toCanary ? canaryWindow : stableWindow)[LatencyHistogram.BucketOf((long)microseconds)]++;
                    canary += toCanary ? 1 : 0;
                }

                canaryRequests += canary;
                if (LatencyHistogram.QuantileMs(stableTotal, 0.99) is { } p99Ms)
                {
                    var bar = (long)Math.Round(p99Ms * 1000);
                    test.Observe(
                        canary, WindowRequests - canary, LatencyHistogram.CountAbove(canaryWindow, bar), LatencyHistogram.CountAbove(stableWindow, bar));
                }

                for (var bucket = 0; bucket < stableTotal.Length; bucket++)
                {
                    stableTotal[bucket] += stableWindow[bucket];
                }
            }

            if (test.Rejected)
            {
                alarmedAt[rollout] = canaryRequests;
            }
        });

        return new SimulationOutcome(rollouts, [.. alarmedAt.OfType<long>()]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
