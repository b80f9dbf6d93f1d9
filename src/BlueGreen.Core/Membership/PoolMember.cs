namespace BlueGreen.Core.Membership;

/// <summary>One destination of a pool as BlueGreen knows it, whether or not the proxy currently routes to it.</summary>
/// <param name="Id">The destination's id, unique within its pool.</param>
/// <param name="Address">Where it listens.</param>
/// <param name="Mode">Whether it takes new requests.</param>
/// <param name="FromConfiguration">Whether its address comes from the configuration (not from the admin plane).</param>
public sealed record PoolMember(string Id, string Address, DestinationMode Mode, bool FromConfiguration)
{
    /// <summary>The word the admin plane uses for the mode.</summary>
    public string ModeName => Mode.Name();
}
