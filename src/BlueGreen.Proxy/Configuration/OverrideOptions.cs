namespace BlueGreen.Proxy.Configuration;

/// <summary>The tester's override (<c>X-BlueGreen-Pool</c> header or <c>bg-pool</c> cookie).</summary>
public sealed class OverrideOptions
{
    /// <summary>Whether a request may force its pool.</summary>
    public bool Enabled { get; set; } = true;
}
