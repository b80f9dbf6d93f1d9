namespace BlueGreen.Proxy.Configuration;

/// <summary>One pool's destinations.</summary>
public sealed class PoolOptions
{
    /// <summary>Destination addresses by id, e.g. <c>b1 = http://10.0.0.5:8000</c>.</summary>
    public Dictionary<string, string> Destinations { get; set; } = new(StringComparer.Ordinal);
}
