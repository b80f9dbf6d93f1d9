namespace BlueGreen.Core.Analysis;

/// <summary>
/// Running totals of one group of requests (a pool, or a group of its destinations): requests, errors, failovers,
/// passive-health ejections and a latency histogram. Recording is lock-free and allocation-free.
/// </summary>
public sealed class OutcomeCounters
{
    private readonly LatencyHistogram _latency = new();
    private long _errors;
    private long _failedOver;
    private long _ejections;

    /// <summary>Counts one request that took <paramref name="microseconds"/>.</summary>
    /// <param name="failed">Whether it failed: a 5xx answer (the proxy's own too), or it was retried or failed over.</param>
    /// <param name="failedOver">Whether another destination or the other pool served it after a failure here.</param>
    /// <param name="microseconds">Its latency.</param>
    public void Record(bool failed, bool failedOver, long microseconds)
    {
        // Perf: the histogram is the request count too (one interlocked operation fewer per request). It is
        // counted first and read last, so a snapshot never holds an error whose request it does not hold.
        _latency.Record(microseconds);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }

        if (failedOver)
        {
            Interlocked.Increment(ref _failedOver);
        }
    }

    /// <summary>Counts one destination ejected by passive health.</summary>
    public void RecordEjection() => Interlocked.Increment(ref _ejections);

    /// <summary>The totals so far.</summary>
    public OutcomeTotals Snapshot()
    {
        var errors = Volatile.Read(ref _errors);
        var failedOver = Volatile.Read(ref _failedOver);
        var ejections = Volatile.Read(ref _ejections);
        var latency = _latency.Snapshot();
        return new(latency.Sum(), errors, failedOver, ejections, latency);
    }
}
