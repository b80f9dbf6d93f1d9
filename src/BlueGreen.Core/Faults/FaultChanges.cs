using System.Collections.Immutable;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Faults;

/// <summary>The changes of the fault list, as proposals over the state in force.</summary>
public static class FaultChanges
{
    /// <summary>Audit action: a fault was injected.</summary>
    public const string InjectAction = "fault-inject";

    /// <summary>Audit action: a fault was removed by an operator.</summary>
    public const string RemoveAction = "fault-remove";

    /// <summary>Audit action: faults ended by themselves.</summary>
    public const string ExpireAction = "fault-expire";

    /// <summary>Adds <paramref name="fault"/>.</summary>
    public static StateProposal Inject(RoutingSnapshot current, Fault fault) =>
        StateProposal.Change(current with { Faults = current.Faults.Add(fault) }, "-", Describe(fault));

    /// <summary>Removes the fault <paramref name="id"/>; refused when there is none.</summary>
    public static StateProposal Remove(RoutingSnapshot current, string id) =>
        current.Faults.FirstOrDefault(f => f.Id == id) is { } fault
            ? StateProposal.Change(current with { Faults = current.Faults.Remove(fault) }, Describe(fault), "-")
            : StateProposal.Refuse($"There is no fault '{id}'; it may have expired.");

    /// <summary>Removes every fault expired at <paramref name="now"/>; refused when none is.</summary>
    public static StateProposal Expire(RoutingSnapshot current, DateTimeOffset now)
    {
        var expired = current.Faults.Where(f => f.ExpiresAt <= now).ToImmutableArray();
        return expired.IsEmpty
            ? StateProposal.Refuse("No fault has expired.")
            : StateProposal.Change(
                current with { Faults = current.Faults.RemoveRange(expired) }, string.Join("; ", expired.Select(Describe)), "-");
    }

    /// <summary>A fault in the audit history's words.</summary>
    public static string Describe(Fault fault) =>
        $"fault {fault.Id}: {fault.Pool.Name()} {fault.Percent} % " +
        (fault.Status is { } status ? $"answered {status}" : $"delayed {fault.DelayMs} ms") + $" until {fault.ExpiresAt:O}";
}
