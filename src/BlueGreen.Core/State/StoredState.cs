using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.State;

/// <summary>The routing state that outlives a restart: it wins over the configured initial weights.</summary>
/// <param name="Version">The version of the last committed change.</param>
/// <param name="Weights">The traffic split.</param>
/// <param name="Stable">The pool a rollback returns to.</param>
public sealed record StoredState(long Version, PoolWeights Weights, Pool Stable)
{
    /// <summary>The admin plane's changes to the configured pools.</summary>
    public DestinationOverrides Destinations { get; init; } = DestinationOverrides.None;

    /// <summary>The running rollout, else the last one that ended; null when none ever ran.</summary>
    public Rollouts.Rollout? Rollout { get; init; }

    /// <summary>The fire drills in force.</summary>
    public System.Collections.Immutable.ImmutableArray<Faults.Fault> Faults { get; init; } = [];

    /// <summary>The rolling updates of the pools: each pool's running or last one.</summary>
    public System.Collections.Immutable.ImmutableArray<Rolling.RollingUpdate> RollingUpdates { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(StoredState? other) =>
        other is not null && Version == other.Version && Weights == other.Weights && Stable == other.Stable &&
        Destinations.Equals(other.Destinations) && Equals(Rollout, other.Rollout) && Faults.SequenceEqual(other.Faults) &&
        RollingUpdates.SequenceEqual(other.RollingUpdates);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, Weights, Stable, Destinations);
}
