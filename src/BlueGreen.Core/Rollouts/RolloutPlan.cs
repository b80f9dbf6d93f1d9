using System.Collections.Immutable;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Rollouts;

/// <summary>What a rollout was asked to do: move <paramref name="To"/> through its steps and judge it on the way.</summary>
/// <param name="To">The canary pool.</param>
/// <param name="Steps">The canary's share at each step in basis points, strictly increasing, ending at 10,000.</param>
/// <param name="StepInterval">How long a step lasts at least.</param>
/// <param name="Analysis">How each step is judged.</param>
/// <param name="OnFailure">What a failed check does.</param>
/// <param name="RampDown">Going back in stages instead of at once; none when null.</param>
public sealed record RolloutPlan(
    Pool To,
    ImmutableArray<int> Steps,
    TimeSpan StepInterval,
    AnalysisSettings Analysis,
    FailureAction OnFailure = FailureAction.Rollback,
    RampDown? RampDown = null)
{
    /// <summary>Prometheus checks each step must pass at its end.</summary>
    public ImmutableArray<PrometheusCheck> Queries { get; init; } = [];

    /// <summary>Gates and event listeners.</summary>
    public ImmutableArray<RolloutWebhook> Webhooks { get; init; } = [];

    /// <summary>Whether the plan's steps are strictly increasing shares that end at 100 %.</summary>
    public bool HasValidSteps =>
        !Steps.IsDefaultOrEmpty &&
        Steps[^1] == PoolWeights.Total &&
        Steps[0] > 0 &&
        Steps.Zip(Steps.Skip(1)).All(pair => pair.First < pair.Second);

    /// <summary>Whether <paramref name="step"/> is the last one (100 %): reaching it is the promotion.</summary>
    public bool IsPromotion(int step) => step >= Steps.Length - 1;

    /// <inheritdoc />
    public bool Equals(RolloutPlan? other) =>
        other is not null && To == other.To && Steps.SequenceEqual(other.Steps) && StepInterval == other.StepInterval &&
        Analysis == other.Analysis && OnFailure == other.OnFailure && RampDown == other.RampDown &&
        Queries.SequenceEqual(other.Queries) && Webhooks.SequenceEqual(other.Webhooks);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(To, Steps.Length, StepInterval, Analysis, OnFailure, RampDown);
}
