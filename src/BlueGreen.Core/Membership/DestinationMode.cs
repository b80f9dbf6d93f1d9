namespace BlueGreen.Core.Membership;

/// <summary>Whether a destination takes new requests.</summary>
public enum DestinationMode
{
    /// <summary>Takes new requests.</summary>
    Active,

    /// <summary>Takes no new requests; the ones in flight finish.</summary>
    Draining,

    /// <summary>Takes no requests until enabled again.</summary>
    Disabled,

    /// <summary>
    /// Deleted through the admin plane. Only stored overrides carry it: it keeps a configured destination deleted
    /// across restarts and configuration reloads.
    /// </summary>
    Removed,
}
