namespace BlueGreen.Proxy.Configuration;

/// <summary>The split used only when no stored state exists: stored state always wins.</summary>
public sealed class InitialWeightsOptions
{
    /// <summary>Blue's share in percent.</summary>
    public decimal Blue { get; set; } = 100m;

    /// <summary>Green's share in percent.</summary>
    public decimal Green { get; set; }
}
