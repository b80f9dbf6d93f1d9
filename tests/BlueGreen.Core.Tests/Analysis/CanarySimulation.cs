namespace BlueGreen.Core.Tests.Analysis;

/// <summary>
/// Seeded rollouts without a network: windows of a fixed number of requests, each assigned to the canary with its
/// share, each having an event (a failure, a slow answer) with its pool's probability; a detector sees every window's
/// counts and may raise its alarm after any of them.
/// </summary>
/// <param name="CanaryShare">The probability that a request goes to the canary.</param>
/// <param name="StableEventRate">The probability that a stable request has an event.</param>
/// <param name="CanaryEventRate">The probability that a canary request has an event.</param>
/// <param name="WindowRequests">Requests per window (both pools).</param>
/// <param name="MaxCanaryRequests">Canary requests after which a rollout ends without an alarm.</param>
internal sealed record CanarySimulation(
    double CanaryShare, double StableEventRate, double CanaryEventRate, int WindowRequests = 100, long MaxCanaryRequests = 20_000)
{
    /// <summary>Sees one window (canary requests, stable requests, canary events, stable events); true raises the alarm.</summary>
    public delegate bool Detector(long canaryRequests, long stableRequests, long canaryEvents, long stableEvents);

    /// <summary>
    /// Simulates <paramref name="rollouts"/> rollouts, each with a fresh detector and its own generator seeded from
    /// <paramref name="seed"/> and its index, so the outcome is the same however they are spread over threads.
    /// </summary>
    public SimulationOutcome Run(int rollouts, int seed, Func<Detector> createDetector)
    {
        var share = new BinomialSampler(CanaryShare, WindowRequests);
        var stableEvents = new BinomialSampler(StableEventRate, WindowRequests);
        var canaryEvents = new BinomialSampler(CanaryEventRate, WindowRequests);
        var alarmedAt = new long?[rollouts];
        Parallel.For(0, rollouts, rollout =>
        {
            var random = new Random(unchecked((seed * 1_000_003) + rollout));
            var detector = createDetector();
            long canaryRequests = 0;
            while (canaryRequests < MaxCanaryRequests)
            {
                var canary = share.Next(random, WindowRequests);
                var stable = WindowRequests - canary;
                canaryRequests += canary;
                if (detector(canary, stable, canaryEvents.Next(random, canary), stableEvents.Next(random, stable)))
                {
                    alarmedAt[rollout] = canaryRequests;
                    return;
                }
            }
        });

        return new SimulationOutcome(rollouts, [.. alarmedAt.OfType<long>()]);
    }
}
