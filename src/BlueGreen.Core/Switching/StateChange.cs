using BlueGreen.Core.Routing;
using BlueGreen.Core.State;

namespace BlueGreen.Core.Switching;

/// <summary>A change of the routing state in force, made here or by another writer of a shared store.</summary>
/// <param name="Previous">The snapshot that was in force before.</param>
/// <param name="Current">The snapshot in force now.</param>
/// <param name="Audit">
/// The audit event of a change committed by this switch; <see langword="null"/> when the change was committed
/// elsewhere and this switch only took it from the store.
/// </param>
public sealed record StateChange(RoutingSnapshot Previous, RoutingSnapshot Current, AuditEvent? Audit)
{
    /// <summary>Whether this switch committed the change (rather than taking it from the store).</summary>
    public bool IsLocal => Audit is not null;
}
