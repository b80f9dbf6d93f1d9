namespace BlueGreen.Core.Routing;

/// <summary>
/// Everything the per-request decision reads, frozen: a change builds a new snapshot and publishes it as
/// one reference, so a request sees either the old state or the new one, never a mix.
/// </summary>
/// <param name="Version">Increases by one with every committed change; the admin plane's ETag.</param>
/// <param name="Weights">The traffic split.</param>
/// <param name="Stable">The pool a rollback returns to.</param>
/// <param name="Policy">Stickiness and override settings.</param>
public sealed record RoutingSnapshot(long Version, PoolWeights Weights, Pool Stable, RoutingPolicy Policy);
