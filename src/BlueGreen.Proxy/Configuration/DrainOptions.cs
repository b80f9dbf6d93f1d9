namespace BlueGreen.Proxy.Configuration;

/// <summary>How long a drained or deleted destination may keep its in-flight requests.</summary>
public sealed class DrainOptions
{
    /// <summary>After this, a deleted destination is removed even with requests still in flight.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
