namespace BlueGreen.Proxy.Fleet;

/// <summary>Which proxy of a fleet drives the running rollout: one at a time, taken over when its holder dies.</summary>
internal interface IRolloutLease
{
    /// <summary>Takes the lease, or renews it when this proxy holds it; false when another proxy holds it (or the store is away).</summary>
    Task<bool> TryHoldAsync(CancellationToken cancellationToken);
}
