using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Rollouts;

/// <summary>A step's judgement: the verdict, why in words with the figures, and each pool's figures.</summary>
/// <param name="Verdict">Waiting, pass or fail.</param>
/// <param name="Detail">Why, with the figures that decided it.</param>
/// <param name="Blue">The blue pool's figures in the step.</param>
/// <param name="Green">The green pool's figures in the step.</param>
public sealed record RolloutAnalysis(Verdict Verdict, string Detail, PoolFigures Blue, PoolFigures Green)
{
    /// <summary>Before anything was judged.</summary>
    public static RolloutAnalysis NotYet { get; } = new(Verdict.Waiting, "the step has just started", PoolFigures.None, PoolFigures.None);

    /// <summary>The figures of <paramref name="pool"/>.</summary>
    public PoolFigures Of(Pool pool) => pool == Pool.Green ? Green : Blue;
}
