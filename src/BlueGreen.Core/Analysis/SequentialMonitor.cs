namespace BlueGreen.Core.Analysis;

/// <summary>
/// Feeds a rollout's two sequential tests from the pools' running totals, a short window at a time: errors, and
/// answers slower than the stable pool's p99 (taken from the stable pool's answers before the window, so the bar is
/// fixed before the window's own answers arrive). Per rollout, off the request path; not thread-safe.
/// </summary>
public sealed class SequentialMonitor
{
    /// <summary>Stable answers needed before its p99 is a bar worth measuring the canary against.</summary>
    public const int MinStableForP99 = 100;

    /// <summary>What the error test counts.</summary>
    public const string Errors = "errors";

    /// <summary>What the latency test counts.</summary>
    public const string SlowAnswers = "answers slower than the stable p99";

    private readonly SequentialTest _errors;
    private readonly SequentialTest _slow;
    private OutcomeTotals? _canaryBefore;
    private OutcomeTotals? _stableBefore;
    private OutcomeTotals? _stableStart;
    private long? _stableP99Micros;

    /// <summary>Starts both tests with a false-alarm rate of at most <paramref name="alpha"/> each.</summary>
    public SequentialMonitor(double alpha)
    {
        _errors = new SequentialTest(alpha);
        _slow = new SequentialTest(alpha);
    }

    /// <summary>Both tests' standing.</summary>
    public IReadOnlyList<SequentialEvidence> Evidence =>
    [
        new(Errors, _errors.LikelihoodRatio, _errors.Threshold, _errors.Events, _errors.Rejected),
        new(SlowAnswers, _slow.LikelihoodRatio, _slow.Threshold, _slow.Events, _slow.Rejected),
    ];

    /// <summary>Takes the window since the last call, from the pools' running totals now.</summary>
    public void Observe(OutcomeTotals canary, OutcomeTotals stable)
    {
        if (_canaryBefore is null || _stableBefore is null || _stableStart is null)
        {
            (_canaryBefore, _stableBefore, _stableStart) = (canary, stable, stable);
            return;
        }

        var (canaryRequests, stableRequests) = (canary.Requests - _canaryBefore.Requests, stable.Requests - _stableBefore.Requests);
        _errors.Observe(canaryRequests, stableRequests, canary.Errors - _canaryBefore.Errors, stable.Errors - _stableBefore.Errors);
        if (_stableP99Micros is { } bar)
        {
            _slow.Observe(
                canaryRequests,
                stableRequests,
                LatencyHistogram.CountAbove(Delta(canary.Latency, _canaryBefore.Latency), bar),
                LatencyHistogram.CountAbove(Delta(stable.Latency, _stableBefore.Latency), bar));
        }

        if (stable.Requests - _stableStart.Requests >= MinStableForP99 &&
            LatencyHistogram.QuantileMs(Delta(stable.Latency, _stableStart.Latency), 0.99) is { } p99)
        {
            _stableP99Micros = (long)Math.Round(p99 * 1000);
        }

        (_canaryBefore, _stableBefore) = (canary, stable);
    }

    private static long[] Delta(long[] now, long[] before)
    {
        var delta = new long[now.Length];
        for (var i = 0; i < delta.Length; i++)
        {
            delta[i] = now[i] - before[i];
        }

        return delta;
    }
}
