using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>A fire drill as the admin plane shows it: <c>{ id, pool, percent, status, delayMs, expiresAt }</c>.</summary>
internal sealed record FaultDocument(string Id, string Pool, decimal Percent, int? Status, int? DelayMs, DateTimeOffset ExpiresAt)
{
    public static FaultDocument Of(Fault fault) => new(fault.Id, fault.Pool.Name(), fault.Percent, fault.Status, fault.DelayMs, fault.ExpiresAt);
}
