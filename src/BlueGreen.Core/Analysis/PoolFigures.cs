namespace BlueGreen.Core.Analysis;

/// <summary>What one pool's requests came to over a window (a rollout step): counts and the p99 latency.</summary>
/// <param name="Requests">Requests assigned to the pool, whoever finally served them.</param>
/// <param name="Errors">Of those, the failed ones: 5xx answers (the proxy's own 502/503/504 too) and requests retried or failed over.</param>
/// <param name="FailedOver">Of the errors, requests another destination or the other pool served after a failure here.</param>
/// <param name="P99Ms">The 99th percentile of their latency in milliseconds; null without requests.</param>
public sealed record PoolFigures(long Requests, long Errors, long FailedOver, double? P99Ms)
{
    /// <summary>No requests.</summary>
    public static PoolFigures None { get; } = new(0, 0, 0, null);

    /// <summary>Errors per request (0 without requests).</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}
