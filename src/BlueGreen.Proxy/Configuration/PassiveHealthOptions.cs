namespace BlueGreen.Proxy.Configuration;

/// <summary>Passive ejection of destinations that fail requests.</summary>
public sealed class PassiveHealthOptions
{
    /// <summary>Whether failing destinations are ejected.</summary>
    public bool Enabled { get; set; } = true;
}
