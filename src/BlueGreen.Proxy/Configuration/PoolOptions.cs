using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Configuration;

/// <summary>One pool's destinations and how requests are spread over them.</summary>
public sealed class PoolOptions
{
    /// <summary>The balance factor used when none is configured.</summary>
    public const double DefaultBalanceFactor = 1.25;

    /// <summary>Destination addresses by id, e.g. <c>b1 = http://10.0.0.5:8000</c>.</summary>
    public Dictionary<string, string> Destinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How requests are spread over the destinations; YARP's default, <c>PowerOfTwoChoices</c>, unless set.</summary>
    public LoadBalancingMode LoadBalancing { get; set; } = LoadBalancingMode.PowerOfTwoChoices;

    /// <summary>What <c>ConsistentHash</c> hashes: <c>Path</c>, <c>PathAndQuery</c>, <c>Header:NAME</c>, <c>Cookie:NAME</c> or <c>ClientIp</c>.</summary>
    public string HashKey { get; set; } = nameof(HashKeySource.Path);

    /// <summary>
    /// Warm-up: a destination that is added, enabled or recovers gets a share of the pool's requests that rises from
    /// 5 % of its full share to all of it over this time (as Envoy's <c>slow_start_config</c>); none when null.
    /// </summary>
    public TimeSpan? SlowStart { get; set; }

    /// <summary>How far above the mean load <c>ConsistentHash</c> lets one destination go before passing keys on; above 1.</summary>
    public double BalanceFactor { get; set; } = DefaultBalanceFactor;

    /// <summary>
    /// The HTTP version spoken to the destinations: <c>Auto</c> (HTTP/2 where TLS negotiates it, else HTTP/1.1),
    /// <c>1.1</c>, or <c>2</c> (also over cleartext, as gRPC backends need).
    /// </summary>
    public string HttpVersion { get; set; } = BackendHttpVersion.Auto;

    /// <summary>Accept any certificate from the destinations, unchecked: for test setups with self-signed certificates only.</summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }
}
