using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rollouts;

namespace BlueGreen.Core.Rolling;

/// <summary>
/// Judges an updated batch as a rollout judges a canary (<see cref="RolloutJudge"/>): the updated destinations
/// against those not updated yet, on error rate, p99 and the sequential test. The last batch has no destination left
/// to compare with, so only its thresholds judge it.
/// </summary>
public static class RollingJudge
{
    private static readonly JudgedSide Updated = new("the updated destinations", "updated");
    private static readonly JudgedSide NotUpdated = new("the destinations not updated yet", "not updated");

    /// <summary>Judges the figures of the updated destinations against those of the ones not updated yet.</summary>
    public static RollingAnalysis Judge(AnalysisSettings settings, PoolFigures updated, PoolFigures notUpdated, IReadOnlyList<SequentialEvidence> sequential)
    {
        var figures = new StepFigures(notUpdated, updated, CanaryEjections: 0) { Sequential = sequential };
        var (verdict, detail) = RolloutJudge.Decide(settings, Updated, NotUpdated, figures);
        return new RollingAnalysis(verdict, detail, updated, notUpdated);
    }
}
