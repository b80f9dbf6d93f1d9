namespace BlueGreen.Proxy.Configuration;

/// <summary>Active probes of every destination.</summary>
public sealed class ActiveHealthOptions
{
    /// <summary>Whether probes run.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The path probed on each destination.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Time between probes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}
