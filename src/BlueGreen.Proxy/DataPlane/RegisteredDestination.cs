using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>One destination of a pool as BlueGreen knows it, whether or not YARP currently routes to it.</summary>
internal sealed record RegisteredDestination(string Id, string Address, DestinationMode Mode, bool FromConfiguration)
{
    /// <summary>
    /// YARP's state of the destination from before it stopped taking new requests: requests in flight keep it,
    /// so its concurrent-request count is how a drain knows they have finished.
    /// </summary>
    public DestinationState? Retained { get; init; }

    /// <summary>The word the admin plane uses for the mode.</summary>
    public string ModeName => Mode switch
    {
        DestinationMode.Draining => "draining",
        DestinationMode.Disabled => "disabled",
        _ => "active",
    };
}
