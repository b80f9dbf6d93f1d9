using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>A deleted destination whose requests may still be in flight, shown as draining until it is forgotten.</summary>
/// <param name="Pool">The pool it left.</param>
/// <param name="Member">The destination as it is shown meanwhile (mode <c>draining</c>).</param>
/// <param name="Version">The version of the change that deleted it.</param>
/// <param name="Since">When it started departing; the drain timeout counts from here.</param>
/// <param name="DeletedBy">
/// Who deleted it, when this proxy committed the deletion and so records the removal in the audit history;
/// <see langword="null"/> for a deletion taken from a shared store, which the proxy that committed it records.
/// </param>
internal sealed record Departure(Pool Pool, PoolMember Member, long Version, DateTimeOffset Since, string? DeletedBy);
