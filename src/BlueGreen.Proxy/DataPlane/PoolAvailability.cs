using BlueGreen.Core.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Whether a pool has a destination YARP would send a request to now: healthy, or not yet probed (YARP's own
/// notion of available). One answer for failover, retries and readiness.
/// </summary>
internal sealed class PoolAvailability
{
    private readonly IProxyStateLookup _proxyState;
    private readonly ClusterState?[] _clusters = new ClusterState?[2];

    public PoolAvailability(IProxyStateLookup proxyState)
    {
        _proxyState = proxyState;
    }

    public bool HasAvailableDestination(Pool pool) => Cluster(pool)?.DestinationsState.AvailableDestinations.Count > 0;

    /// <summary>The pool's cluster state, or null before YARP has loaded it.</summary>
    public ClusterState? Cluster(Pool pool)
    {
        // Perf: ClusterState objects live as long as their cluster (YARP updates them in place), so the
        // lookup by id runs once per pool, not per request.
        var cluster = _clusters[(int)pool];
        if (cluster is null && _proxyState.TryGetCluster(pool.Name(), out cluster))
        {
            _clusters[(int)pool] = cluster;
        }

        return cluster;
    }
}
