using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Membership;

/// <summary>What the admin plane changed about one destination, relative to the configuration.</summary>
/// <param name="Pool">The destination's pool.</param>
/// <param name="Id">The destination's id, unique within its pool.</param>
/// <param name="Address">
/// The address of a destination added through the admin plane; <see langword="null"/> for a configured one, whose
/// address comes from the configuration.
/// </param>
/// <param name="Mode">The mode the admin plane set.</param>
public sealed record DestinationOverride(Pool Pool, string Id, string? Address, DestinationMode Mode)
{
    /// <summary>Whether the override says nothing the configuration does not: a configured destination, active.</summary>
    public bool IsNeutral => Address is null && Mode == DestinationMode.Active;
}
