namespace BlueGreen.Proxy.Configuration;

/// <summary>How the <c>--demo</c> backends misbehave, so a newcomer can watch a rollout roll back: the green one only.</summary>
public sealed class DemoOptions
{
    /// <summary>The share of the green demo backend's answers that are 500s (0 to 1).</summary>
    public double GreenErrorRate { get; set; }

    /// <summary>Milliseconds the green demo backend waits before every answer.</summary>
    public int GreenDelayMs { get; set; }
}
