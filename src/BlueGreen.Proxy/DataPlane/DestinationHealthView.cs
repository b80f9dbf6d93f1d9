using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>One word for a destination's health, from YARP's active and passive views, as the contract names it.</summary>
internal static class DestinationHealthView
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Unknown = "unknown";

    /// <summary>A failed probe or an ejection makes a destination unhealthy; either check passing makes it healthy.</summary>
    public static string Describe(DestinationHealthState health) =>
        health.Active == DestinationHealth.Unhealthy || health.Passive == DestinationHealth.Unhealthy ? Unhealthy
        : health.Active == DestinationHealth.Healthy || health.Passive == DestinationHealth.Healthy ? Healthy
        : Unknown;
}
