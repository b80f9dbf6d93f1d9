using BlueGreen.Core.Analysis;

namespace BlueGreen.Core.Rollouts;

/// <summary>What a step has seen so far: each side's figures and the canary's passive-health ejections.</summary>
/// <param name="Stable">The stable pool's figures.</param>
/// <param name="Canary">The canary pool's figures.</param>
/// <param name="CanaryEjections">Canary destinations ejected by passive health during the step.</param>
public sealed record StepFigures(PoolFigures Stable, PoolFigures Canary, long CanaryEjections)
{
    /// <summary>The rollout's sequential tests (errors, slow answers), when it runs them; empty otherwise.</summary>
    public IReadOnlyList<SequentialEvidence> Sequential { get; init; } = [];

    /// <summary>Nothing seen yet.</summary>
    public static StepFigures None { get; } = new(PoolFigures.None, PoolFigures.None, 0);
}
