namespace BlueGreen.Proxy.Configuration;

/// <summary>Traffic mirroring: a share of requests copied to the pool that does not serve them, their answers discarded.</summary>
public sealed class MirrorOptions
{
    /// <summary>The largest <see cref="MaxBodyBytes"/> accepted: every mirror in flight or queued may hold one body.</summary>
    public const long MaxBodyBytesLimit = 1024 * 1024;

    /// <summary>The share of requests copied, 0 to 100 with at most two decimals; 0 mirrors nothing.</summary>
    public decimal Percent { get; set; }

    /// <summary>Requests with a larger body (or a body of unknown length) are not mirrored.</summary>
    public long MaxBodyBytes { get; set; } = 65536;
}
