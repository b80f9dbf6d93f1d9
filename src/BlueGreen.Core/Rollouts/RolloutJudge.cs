using System.Globalization;
using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Rollouts;

/// <summary>
/// Judges a step's figures against its analysis settings. A canary ejected by passive health fails at once; with
/// at least <c>minRequests</c> canary requests, an error rate above <c>maxErrorRate</c> or a p99 above
/// <c>maxP99Ms</c> fails at once, whatever is left of the step; with fewer, the step waits and never passes.
/// </summary>
public static class RolloutJudge
{
    /// <summary>Judges <paramref name="figures"/> of a step where <paramref name="canary"/> is measured against the other pool.</summary>
    public static RolloutAnalysis Judge(AnalysisSettings settings, Pool canary, StepFigures figures)
    {
        var (verdict, detail) = Decide(
            settings, new JudgedSide($"the canary {canary.Name()}", canary.Name()), new JudgedSide(canary.Other().Name(), canary.Other().Name()), figures);
        var blue = canary == Pool.Blue ? figures.Canary : figures.Stable;
        var green = canary == Pool.Green ? figures.Canary : figures.Stable;
        return new RolloutAnalysis(verdict, detail, blue, green);
    }

    /// <summary>
    /// Judges <paramref name="figures"/> of <paramref name="canary"/> against <paramref name="stable"/>: the verdict and
    /// why, in words naming both sides.
    /// </summary>
    public static (Verdict Verdict, string Detail) Decide(AnalysisSettings settings, JudgedSide canary, JudgedSide stable, StepFigures figures)
    {
        var (c, s) = (figures.Canary, figures.Stable);
        if (figures.CanaryEjections > 0)
        {
            return (Verdict.Fail, $"passive health ejected {Count(figures.CanaryEjections, "destination")} of {canary.Subject}; " +
                                  $"{Describe(canary, c)}; {Describe(stable, s)}");
        }

        // Anytime-valid: no minimum count needed, its false-alarm rate holds however early it rejects.
        if (figures.Sequential.FirstOrDefault(e => e.Rejected) is { } evidence)
        {
            return (Verdict.Fail, $"the sequential test finds {canary.Subject} has {evidence.Event} more often than {stable.Label}: " +
                                  $"{Evidence(evidence)}; {Describe(canary, c)}; {Describe(stable, s)}");
        }

        if (c.Requests < settings.MinRequests)
        {
            return (Verdict.Waiting, $"{canary.Subject} served {c.Requests} of the {settings.MinRequests} requests a judgement " +
                                     $"needs; {Describe(stable, s)}");
        }

        if (c.ErrorRate > settings.MaxErrorRate)
        {
            return (Verdict.Fail, $"{canary.Subject}'s error rate {Describe(canary, c)} is above {Percent(settings.MaxErrorRate)}; " +
                                  $"{Describe(stable, s)}");
        }

        if (settings.MaxP99Ms is { } maxP99 && c.P99Ms > maxP99)
        {
            return (Verdict.Fail, $"{canary.Subject}'s p99 {Ms(c.P99Ms)} is above {Ms(maxP99)}; " +
                                  $"{stable.Label} p99 {Ms(s.P99Ms)}; {Describe(canary, c)}; {Describe(stable, s)}");
        }

        var latency = settings.MaxP99Ms is { } max ? $", p99 {Ms(c.P99Ms)} within {Ms(max)} ({stable.Label} {Ms(s.P99Ms)})" : "";
        var sequential = figures.Sequential.Count > 0
            ? "; sequential test: " + string.Join(", ", figures.Sequential.Select(e => $"{e.Event} {Evidence(e)}"))
            : "";
        return (Verdict.Pass, $"checks hold: {Describe(canary, c)} within {Percent(settings.MaxErrorRate)}{latency}; {Describe(stable, s)}{sequential}");
    }

    private static string Evidence(SequentialEvidence evidence) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"likelihood ratio {evidence.LikelihoodRatio:G4} against a threshold of {evidence.Threshold:G4} (1/alpha) after {evidence.Events} events");

    private static string Describe(JudgedSide side, PoolFigures figures)
    {
        var failedOver = figures.FailedOver > 0
            ? $", {Count(figures.FailedOver, "request")} retried or failed over to another destination or pool"
            : "";
        return $"{side.Label} {Percent(figures.ErrorRate)} errors ({figures.Errors} of {figures.Requests}{failedOver})";
    }

    private static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Percent(double ratio) => (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Ms(double? ms) => ms is { } value ? value.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
