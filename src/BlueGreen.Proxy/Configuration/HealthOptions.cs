namespace BlueGreen.Proxy.Configuration;

/// <summary>Health checks of destinations.</summary>
public sealed class HealthOptions
{
    /// <summary>Active probes.</summary>
    public ActiveHealthOptions Active { get; set; } = new();

    /// <summary>Passive ejection on transport failures.</summary>
    public PassiveHealthOptions Passive { get; set; } = new();
}
