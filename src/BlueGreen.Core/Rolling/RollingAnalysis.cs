using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rollouts;

namespace BlueGreen.Core.Rolling;

/// <summary>A batch's judgement: the verdict, why in words with the figures, and each group's figures.</summary>
/// <param name="Verdict">Waiting, pass or fail.</param>
/// <param name="Detail">Why, with the figures that decided it.</param>
/// <param name="Updated">What the updated destinations' requests came to while the batch was judged.</param>
/// <param name="NotUpdated">What the requests of the destinations not updated yet came to meanwhile.</param>
public sealed record RollingAnalysis(Verdict Verdict, string Detail, PoolFigures Updated, PoolFigures NotUpdated)
{
    /// <summary>Before anything was judged.</summary>
    public static RollingAnalysis NotYet { get; } = new(Verdict.Waiting, "no batch has been judged yet", PoolFigures.None, PoolFigures.None);

    /// <summary>A judgement that is not about figures (a drain, a webhook, health), with the figures of the last one.</summary>
    public RollingAnalysis Saying(Verdict verdict, string detail) => this with { Verdict = verdict, Detail = detail };
}
