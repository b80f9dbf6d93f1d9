using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// What one client may cost the proxy: Kestrel's limits, set on both planes on purpose rather than left to framework
/// defaults that may change between releases. The README's "Hostile clients and limits" compares each with nginx and
/// HAProxy.
/// </summary>
internal static class ClientLimits
{
    /// <summary>
    /// The request line and headers must all arrive within this, counted from their first byte, else 408 and the
    /// connection is closed: a slowloris client sending a byte a second holds its connection this long, no longer.
    /// Kestrel's default is 30 s, nginx waits 60 s (<c>client_header_timeout</c>), HAProxy's anti-DoS example 5 s
    /// (<c>timeout http-request</c>). A real client sends its whole head in one packet, so 10 s is plenty on any link.
    /// </summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an idle connection (also a new one that has sent nothing yet) stays open. Kestrel's 130 s, kept: a load
    /// balancer in front (AWS ALB idles out at 60 s) must never reuse a connection the proxy has just closed, which
    /// would be a 502 for its client; nginx keeps 75 s.
    /// </summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>Request line at most 8 KiB, else 414 (Kestrel's default; nginx's <c>large_client_header_buffers 4 8k</c>).</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>All request headers together at most 32 KiB, else 431 (Kestrel's default; nginx allows 4 × 8 KiB too).</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>At most 100 request headers, else 431 (Kestrel's default; HAProxy's <c>tune.http.maxhdr</c> is 101).</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>
    /// Request bodies at most 30,000,000 bytes, else 413 (Kestrel's default, kept; nginx's <c>client_max_body_size</c>
    /// is 1 MiB, HAProxy has none).
    /// </summary>
    public const long MaxRequestBodySize = 30_000_000;

    /// <summary>
    /// A request body must arrive at 240 bytes/s or faster, averaged after a 5 s grace period, else the connection is
    /// closed: a client trickling its upload a byte a second holds it about 5 s (Kestrel's default, kept; nginx allows
    /// 60 s between two reads, <c>client_body_timeout</c>).
    /// </summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>
    /// A client must read the response at 240 bytes/s or faster after the same grace, else the connection is closed: a
    /// slow reader cannot pin the backend's response in the proxy's buffers (Kestrel's default, kept; nginx's
    /// <c>send_timeout</c> is 60 s between two writes).
    /// </summary>
    public static readonly MinDataRate MinResponseDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>Sets every limit above on <paramref name="limits"/>.</summary>
    public static void Apply(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxRequestLineSize = MaxRequestLineSize;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestBodySize = MaxRequestBodySize;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
        limits.MinResponseDataRate = MinResponseDataRate;
    }
}
