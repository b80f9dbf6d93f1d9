namespace BlueGreen.Proxy.Fleet;

/// <summary>Every proxy's request outcomes, so the rollout driver judges the whole fleet's traffic, not only its own.</summary>
internal interface IFleetOutcomes
{
    /// <summary>Makes this proxy's totals known to the fleet (a no-op for a proxy alone).</summary>
    Task PublishAsync(CancellationToken cancellationToken);

    /// <summary>The totals every live proxy published last, this one's included.</summary>
    Task<IReadOnlyList<FleetMemberTotals>> ReadAsync(CancellationToken cancellationToken);
}
