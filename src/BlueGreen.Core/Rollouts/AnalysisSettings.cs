namespace BlueGreen.Core.Rollouts;

/// <summary>How a step judges the canary against the stable pool (<c>analysis</c> of a rollout).</summary>
/// <param name="MaxErrorRate">The canary's error rate above which a step fails (0 to 1).</param>
/// <param name="MaxP99Ms">The canary's p99 latency in milliseconds above which a step fails; none when null.</param>
/// <param name="MinRequests">Canary requests a step needs before it may pass or fail on the figures.</param>
/// <param name="Sequential">Whether the anytime-valid sequential test runs beside the thresholds.</param>
/// <param name="Alpha">The sequential test's false-alarm rate over the whole rollout.</param>
/// <param name="DryRun">Judge and report, but never act on a failed check.</param>
public sealed record AnalysisSettings(
    double MaxErrorRate = AnalysisSettings.DefaultMaxErrorRate,
    double? MaxP99Ms = null,
    int MinRequests = AnalysisSettings.DefaultMinRequests,
    bool Sequential = true,
    double Alpha = AnalysisSettings.DefaultAlpha,
    bool DryRun = false)
{
    /// <summary>The contract's default for <see cref="MaxErrorRate"/>.</summary>
    public const double DefaultMaxErrorRate = 0.05;

    /// <summary>The contract's default for <see cref="MinRequests"/>.</summary>
    public const int DefaultMinRequests = 20;

    /// <summary>The contract's default for <see cref="Alpha"/>.</summary>
    public const double DefaultAlpha = 0.05;
}
