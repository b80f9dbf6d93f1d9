namespace BlueGreen.Proxy.Configuration;

/// <summary>How BlueGreen writes its logs.</summary>
public sealed class LoggingOptions
{
    /// <summary>Write JSON lines to the console instead of plain text.</summary>
    public bool Json { get; set; }
}
