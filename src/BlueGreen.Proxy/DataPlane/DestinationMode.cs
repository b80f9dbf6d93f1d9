namespace BlueGreen.Proxy.DataPlane;

/// <summary>Whether a destination takes new requests.</summary>
internal enum DestinationMode
{
    /// <summary>Takes new requests.</summary>
    Active,

    /// <summary>Takes no new requests; the ones in flight finish.</summary>
    Draining,

    /// <summary>Takes no requests until enabled again.</summary>
    Disabled,
}
