namespace BlueGreen.Proxy.Configuration;

/// <summary>How long a drained or deleted destination may keep its in-flight requests.</summary>
public sealed class DrainOptions
{
    /// <summary>
    /// After this, a deleted destination is removed even with requests still in flight, and the WebSockets (upgraded
    /// connections) still open on a drained or deleted destination are closed.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
