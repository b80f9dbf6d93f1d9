using BlueGreen.Core.Membership;

namespace BlueGreen.Core.Routing;

/// <summary>
/// The routing state in force, frozen: a change builds a new snapshot and publishes it as one reference, so a
/// request sees either the old state or the new one, never a mix.
/// </summary>
/// <param name="Version">Increases by one with every committed change; the admin plane's ETag.</param>
/// <param name="Weights">The traffic split.</param>
/// <param name="Stable">The pool a rollback returns to.</param>
/// <param name="Policy">Stickiness and override settings.</param>
public sealed record RoutingSnapshot(long Version, PoolWeights Weights, Pool Stable, RoutingPolicy Policy)
{
    /// <summary>The admin plane's changes to the configured pools; the per-request decision never reads them.</summary>
    public DestinationOverrides Destinations { get; init; } = DestinationOverrides.None;

    /// <summary>The running rollout, else the last one that ended; null when none ever ran. The decision never reads it.</summary>
    public Rollouts.Rollout? Rollout { get; init; }

    /// <summary>The fire drills in force (faults injected into a share of a pool's requests), in the order injected.</summary>
    public System.Collections.Immutable.ImmutableArray<Faults.Fault> Faults { get; init; } = [];

    /// <summary>
    /// The rolling updates of the pools: for each pool that ever had one, the running one, else its last; in pool
    /// order. The decision never reads them.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<Rolling.RollingUpdate> RollingUpdates { get; init; } = [];

    /// <summary>The running rolling update (at most one runs at a time), or null.</summary>
    public Rolling.RollingUpdate? RunningRollingUpdate => RollingUpdates.FirstOrDefault(update => update.IsRunning);

    /// <summary>The rolling update of <paramref name="pool"/>: the running one, else the last; null when none ever ran.</summary>
    public Rolling.RollingUpdate? RollingUpdateOf(Pool pool) => RollingUpdates.FirstOrDefault(update => update.Plan.Pool == pool);

    /// <summary>The running rollout, or null.</summary>
    public Rollouts.Rollout? RunningRollout => Rollout is { IsRunning: true } rollout ? rollout : null;
}
