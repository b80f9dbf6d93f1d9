using System.Diagnostics;

namespace BlueGreen.Core.Analysis;

/// <summary>
/// An anytime-valid test of "the canary has events (failures, slow answers) more often per request than the stable
/// pool", fed with short windows of counts; it may be checked after every window and still, when the canary is no
/// worse, rejects with probability at most alpha over the whole rollout, however long it runs (Lindon, Sanden and
/// Shirikian, "Rapid Regression Detection in Software Deployments through Sequential Testing", KDD 2022).
/// </summary>
/// <remarks>
/// Each event is an observation "did it land on the canary?". If the canary's events per request are at most the
/// stable pool's, it lands there with at most the canary's share <c>p</c> of the window's requests (the observed
/// share, not the configured weight: sticky users make them differ). If the canary's rate is <c>r</c> times the
/// stable pool's, it lands there with <c>q_r = r·p / (r·p + 1 − p)</c>. The test keeps, per grid point <c>r</c>, the
/// log of the likelihood ratio of <c>q_r</c> against <c>p</c>, and rejects once their mixture reaches
/// <c>1/alpha</c>. Under the null the mixture is a non-negative supermartingale with mean at most 1 (each window's
/// factor has expectation at most 1, see <see cref="Observe"/>), so by Ville's inequality it ever reaches
/// <c>1/alpha</c> with probability at most alpha, whatever the number of windows and whether or not the stable
/// pool's own rate drifts between windows.
/// Not thread-safe: one rollout's analysis loop feeds it, off the request path.
/// </remarks>
public sealed class SequentialTest
{
    // Prior: uniform over a geometric grid of ratios r from 1.1 to 20 (log-uniform on r). Why:
    // - the mixture must be fixed before the data (any fixed weights summing to 1 keep the supermartingale); a
    //   ratio is a multiplicative quantity and a regression of 1.5x is as plausible as one of 5x, so equal weight
    //   per factor, not per unit;
    // - below 1.1 a regression takes far more events than a rollout step sees to be told apart, and mass spent there
    //   only slows the detection of the ones that can be; above 20 q_r is already near 1 at the canary shares
    //   rollouts use, so 20 stands in for "all of them" and the plain thresholds catch such a canary anyway;
    // - the grid step (a factor of about 1.105, 0.1 in ln r) is finer than the width of the likelihood in ln r after
    //   the hundred or so events a detection takes (about 1/sqrt(events·q(1−q)) ≈ 0.3), so the sum behaves like the
    //   integral over a continuous prior and pays about ln(width/step) for the mixture rather than ln(GridPoints).
    private const double LowestRatio = 1.1;
    private const double HighestRatio = 20;
    private const int GridPoints = 30;

    private static readonly double[] Ratios = Grid();
    private static readonly double[] LogRatios = Array.ConvertAll(Ratios, Math.Log);
    private static readonly double LogPriorWeight = -Math.Log(GridPoints);

    private readonly double[] _logLikelihoodRatios = new double[GridPoints];
    private readonly double _logThreshold;
    private double _logMixture;
    private bool _mixtureStale;

    /// <summary>Starts a test with a false-alarm rate of at most <paramref name="alpha"/>: no evidence yet (a likelihood ratio of 1).</summary>
    /// <param name="alpha">The false-alarm rate over the whole run, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not strictly between 0 and 1.</exception>
    public SequentialTest(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be strictly between 0 and 1.");
        }

        Alpha = alpha;
        _logThreshold = -Math.Log(alpha);
    }

    /// <summary>The false-alarm rate the test keeps over the whole run.</summary>
    public double Alpha { get; }

    /// <summary>The likelihood ratio at which the test rejects: 1/alpha.</summary>
    public double Threshold => 1 / Alpha;

    /// <summary>
    /// The evidence that the canary is worse: the prior mixture of the likelihood ratios against "no worse than the
    /// stable pool" (1 before any event; it may overflow to infinity for display, never in the decision).
    /// </summary>
    public double LikelihoodRatio => Math.Exp(LogLikelihoodRatio);

    /// <summary>The natural logarithm of <see cref="LikelihoodRatio"/>, which never overflows.</summary>
    public double LogLikelihoodRatio
    {
        get
        {
            if (_mixtureStale)
            {
                _logMixture = Mixture();
                _mixtureStale = false;
            }

            return _logMixture;
        }
    }

    /// <summary>Whether the likelihood ratio has reached <see cref="Threshold"/>; once true it stays true.</summary>
    public bool Rejected { get; private set; }

    /// <summary>The events (on either pool) of the windows that counted: those where both pools served requests.</summary>
    public long Events { get; private set; }

    /// <summary>
    /// Takes one window's counts: the requests each pool was assigned and the events among them. A window where one
    /// pool served nothing says nothing about which pool is worse and is skipped.
    /// </summary>
    /// <remarks>
    /// With <c>p</c> the canary's share and <c>t = 1 + p(r − 1)</c>, an event on the canary multiplies the ratio for
    /// <c>r</c> by <c>q_r/p = r/t</c> and one on the stable pool by <c>(1 − q_r)/(1 − p) = 1/t</c>. If both pools
    /// have events with the same per-request probability π in the window, the expected factor is
    /// <c>(1 + π(r/t − 1))^canary · (1 + π(1/t − 1))^stable</c>, whose log is at most
    /// <c>π·n·(p·r/t + (1 − p)/t − 1) = 0</c> (ln(1 + x) ≤ x): no window can raise it on average under the null.
    /// Events may exceed requests by a few when the counters were read while requests were in flight; that is allowed.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public void Observe(long canaryRequests, long stableRequests, long canaryEvents, long stableEvents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(canaryRequests);
        ArgumentOutOfRangeException.ThrowIfNegative(stableRequests);
        ArgumentOutOfRangeException.ThrowIfNegative(canaryEvents);
        ArgumentOutOfRangeException.ThrowIfNegative(stableEvents);

        // Perf: most short windows have no event at all, and such a window changes nothing.
        if (canaryRequests == 0 || stableRequests == 0 || (canaryEvents | stableEvents) == 0)
        {
            return;
        }

        var share = (double)canaryRequests / (canaryRequests + stableRequests);
        var events = canaryEvents + stableEvents;
        Events += events;

        // Sums of logs, not products: a long rollout under the null drives every ratio towards 0 geometrically,
        // one with a bad canary towards infinity, and neither may underflow or overflow.
        var max = double.NegativeInfinity;
        for (var i = 0; i < GridPoints; i++)
        {
            var logSpread = Math.Log(1 + (share * (Ratios[i] - 1)));
            var value = _logLikelihoodRatios[i] + (canaryEvents * LogRatios[i]) - (events * logSpread);
            _logLikelihoodRatios[i] = value;
            max = Math.Max(max, value);
        }

        // Perf: the weights sum to 1, so the mixture is at most its largest term; below the threshold (nearly every
        // window) the exponentials wait until someone reads the likelihood ratio.
        _mixtureStale = true;
        if (max >= _logThreshold && LogLikelihoodRatio >= _logThreshold)
        {
            Rejected = true;
        }
    }

    private double Mixture()
    {
        // Shifting by the largest term keeps every exponent at or below 0 and at least one at 0: the sum lies in
        // [1, GridPoints], so nothing overflows and the terms that matter do not underflow.
        var max = double.NegativeInfinity;
        foreach (var value in _logLikelihoodRatios)
        {
            max = Math.Max(max, value);
        }

        double sum = 0;
        foreach (var value in _logLikelihoodRatios)
        {
            sum += Math.Exp(value - max);
        }

        var mixture = max + Math.Log(sum) + LogPriorWeight;
        Debug.Assert(double.IsFinite(mixture), "The mixture is a finite sum of finite terms.");
        return mixture;
    }

    private static double[] Grid()
    {
        var ratios = new double[GridPoints];
        var step = Math.Log(HighestRatio / LowestRatio) / (GridPoints - 1);
        for (var i = 0; i < GridPoints; i++)
        {
            ratios[i] = LowestRatio * Math.Exp(step * i);
        }

        return ratios;
    }
}
