using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Analysis;

/// <summary>
/// Every request's outcome under the pool it was assigned to, as running totals: requests, errors, failovers,
/// passive-health ejections and a latency histogram per pool. Recording is lock-free and allocation-free; a rollout
/// step takes a <see cref="Snapshot"/> when it starts and judges the difference.
/// </summary>
public sealed class PoolOutcomes
{
    private readonly PoolCounters[] _pools = [new(), new()];

    /// <summary>Counts one request assigned to <paramref name="pool"/> that took <paramref name="microseconds"/>.</summary>
    /// <param name="pool">The pool the request was assigned to, before any retry or failover.</param>
    /// <param name="failed">Whether it failed: a 5xx answer (the proxy's own too), or it was retried or failed over.</param>
    /// <param name="failedOver">Whether another destination or the other pool served it after a failure here.</param>
    /// <param name="microseconds">Its latency.</param>
    public void Record(Pool pool, bool failed, bool failedOver, long microseconds)
    {
        var counters = _pools[(int)pool];
        Interlocked.Increment(ref counters.Requests);
        if (failed)
        {
            Interlocked.Increment(ref counters.Errors);
        }

        if (failedOver)
        {
            Interlocked.Increment(ref counters.FailedOver);
        }

        counters.Latency.Record(microseconds);
    }

    /// <summary>Counts one destination of <paramref name="pool"/> ejected by passive health.</summary>
    public void RecordEjection(Pool pool) => Interlocked.Increment(ref _pools[(int)pool].Ejections);

    /// <summary>The totals of <paramref name="pool"/> so far.</summary>
    public OutcomeTotals Snapshot(Pool pool)
    {
        var counters = _pools[(int)pool];
        return new OutcomeTotals(
            Volatile.Read(ref counters.Requests),
            Volatile.Read(ref counters.Errors),
            Volatile.Read(ref counters.FailedOver),
            Volatile.Read(ref counters.Ejections),
            counters.Latency.Snapshot());
    }

    private sealed class PoolCounters
    {
        public readonly LatencyHistogram Latency = new();
        public long Requests;
        public long Errors;
        public long FailedOver;
        public long Ejections;
    }
}
