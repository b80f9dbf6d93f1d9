namespace BlueGreen.Proxy.Configuration;

/// <summary>What happens to a request whose pool has no healthy destination.</summary>
public sealed class FailoverOptions
{
    /// <summary>Hand such requests to the other pool when it has a healthy destination.</summary>
    public bool Enabled { get; set; } = true;
}
