namespace BlueGreen.Proxy.Configuration;

/// <summary>Graceful shutdown of the proxy itself.</summary>
public sealed class ShutdownOptions
{
    /// <summary>How long SIGTERM waits for in-flight requests before the process exits.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
