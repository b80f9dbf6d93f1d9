namespace BlueGreen.Core.Analysis;

/// <summary>A pool's running totals at one moment (see <see cref="PoolOutcomes"/>).</summary>
/// <param name="Requests">Requests assigned to the pool.</param>
/// <param name="Errors">Failed ones among them.</param>
/// <param name="FailedOver">Ones served elsewhere after a failure here.</param>
/// <param name="Ejections">Destinations ejected by passive health.</param>
/// <param name="Latency">The latency histogram's counts (<see cref="LatencyHistogram"/>).</param>
public sealed record OutcomeTotals(long Requests, long Errors, long FailedOver, long Ejections, long[] Latency)
{
    /// <summary>Nothing counted.</summary>
    public static OutcomeTotals Zero { get; } = new(0, 0, 0, 0, new long[LatencyHistogram.BucketCount]);

    /// <summary>What was counted between <paramref name="baseline"/> and these totals, as figures.</summary>
    public PoolFigures Since(OutcomeTotals baseline)
    {
        var latency = new long[Latency.Length];
        for (var i = 0; i < latency.Length; i++)
        {
            latency[i] = Latency[i] - baseline.Latency[i];
        }

        return new PoolFigures(
            Requests - baseline.Requests, Errors - baseline.Errors, FailedOver - baseline.FailedOver, LatencyHistogram.QuantileMs(latency, 0.99));
    }

    /// <summary>Ejections between <paramref name="baseline"/> and these totals.</summary>
    public long EjectionsSince(OutcomeTotals baseline) => Ejections - baseline.Ejections;
}
