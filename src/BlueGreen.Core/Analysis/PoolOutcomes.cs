using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Analysis;

/// <summary>
/// Every request's outcome under the pool it was assigned to, as running totals: requests, errors, failovers,
/// passive-health ejections and a latency histogram per pool. Recording is lock-free and allocation-free; a rollout
/// step takes a <see cref="Snapshot"/> when it starts and judges the difference.
/// </summary>
public sealed class PoolOutcomes
{
    private readonly OutcomeCounters[] _pools = [new(), new()];
    private DestinationCohorts? _cohorts;

    /// <summary>
    /// The destinations a rolling update compares (updated against not yet updated), whose requests are counted apart
    /// as well; null (and free on the request path) when no rolling update judges a batch.
    /// </summary>
    public DestinationCohorts? Cohorts
    {
        get => Volatile.Read(ref _cohorts);
        set => Volatile.Write(ref _cohorts, value);
    }

    /// <summary>Counts one request assigned to <paramref name="pool"/> that took <paramref name="microseconds"/>.</summary>
    /// <param name="pool">The pool the request was assigned to, before any retry or failover.</param>
    /// <param name="failed">Whether it failed: a 5xx answer (the proxy's own too), or it was retried or failed over.</param>
    /// <param name="failedOver">Whether another destination or the other pool served it after a failure here.</param>
    /// <param name="microseconds">Its latency.</param>
    public void Record(Pool pool, bool failed, bool failedOver, long microseconds) => _pools[(int)pool].Record(failed, failedOver, microseconds);

    /// <summary>Counts one destination of <paramref name="pool"/> ejected by passive health.</summary>
    public void RecordEjection(Pool pool) => _pools[(int)pool].RecordEjection();

    /// <summary>The totals of <paramref name="pool"/> so far.</summary>
    public OutcomeTotals Snapshot(Pool pool) => _pools[(int)pool].Snapshot();
}
