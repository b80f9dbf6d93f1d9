namespace BlueGreen.Proxy.State;

/// <summary>The file store's on-disk JSON: the routing state (with the admin plane's pool changes) and the audit history, oldest event first.</summary>
internal sealed class FileStateDocument
{
    public int Format { get; set; } = 1;

    public long Version { get; set; }

    public decimal BlueWeight { get; set; }

    public decimal GreenWeight { get; set; }

    public string Stable { get; set; } = "";

    /// <summary>The admin plane's changes to the configured pools; absent in files written before they were kept.</summary>
    public List<StoredDestinationOverride>? Destinations { get; set; }

    /// <summary>The running rollout, else the last one; absent when none ever ran.</summary>
    public StoredRollout? Rollout { get; set; }

    public List<StoredAuditEvent> History { get; set; } = [];
}
