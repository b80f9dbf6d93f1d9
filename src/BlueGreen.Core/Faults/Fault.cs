using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Faults;

/// <summary>
/// A fire drill (as Envoy's and Istio's fault injection): a share of one pool's requests answered with a status, or
/// delayed, until it expires. Routing state like the weights: stored, audited, the same on every proxy of a fleet.
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="Pool">The pool whose requests it hits.</param>
/// <param name="BasisPoints">The share of the pool's requests it hits, in 0.01 % steps (1 to 10,000).</param>
/// <param name="Status">The status those requests are answered with, instead of reaching a destination; or null.</param>
/// <param name="DelayMs">How long those requests wait before they go on; or null.</param>
/// <param name="ExpiresAt">When it ends by itself.</param>
public sealed record Fault(string Id, Pool Pool, int BasisPoints, int? Status, int? DelayMs, DateTimeOffset ExpiresAt)
{
    /// <summary>The longest a fault may be set for: a drill must never outlive the people watching it.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    /// <summary>The metric label of what it does: <c>status</c> or <c>delay</c>.</summary>
    public string Kind => Status is not null ? "status" : "delay";

    /// <summary>Its share in percent.</summary>
    public decimal Percent => BasisPoints / 100m;
}
