using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Observability;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Sends a request to the other pool when its own has no available destination (all unhealthy) and the other
/// has one. An episode, from the first such request until the pool has a destination again, is counted and
/// logged once, not per request.
/// </summary>
internal sealed class PoolFailover
{
    private readonly IProxyStateLookup _proxyState;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger<PoolFailover> _logger;
    private readonly ClusterState?[] _clusters = new ClusterState?[2];
    private readonly int[] _inEpisode = new int[2];

    public PoolFailover(IProxyStateLookup proxyState, ProxyMetrics metrics, ILogger<PoolFailover> logger)
    {
        _proxyState = proxyState;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Returns the pool that serves a request assigned to <paramref name="assigned"/>.</summary>
    public Pool Route(Pool assigned)
    {
        if (HasAvailableDestination(assigned))
        {
            if (Volatile.Read(ref _inEpisode[(int)assigned]) == 1 && Interlocked.Exchange(ref _inEpisode[(int)assigned], 0) == 1)
            {
                Log.FailoverEnded(_logger, assigned.Name());
            }

            return assigned;
        }

        var other = assigned.Other();
        if (!HasAvailableDestination(other))
        {
            // Nowhere to go: YARP answers 503 for the assigned pool.
            return assigned;
        }

        if (Interlocked.Exchange(ref _inEpisode[(int)assigned], 1) == 0)
        {
            _metrics.Failovers.WithLabels(assigned.Name()).Inc();
            Log.FailoverStarted(_logger, assigned.Name(), other.Name());
        }

        return other;
    }

    private bool HasAvailableDestination(Pool pool)
    {
        // Perf: ClusterState objects live as long as their cluster (YARP updates them in place), so the
        // lookup by id runs once per pool, not per request.
        var cluster = _clusters[(int)pool];
        if (cluster is null && _proxyState.TryGetCluster(pool.Name(), out cluster))
        {
            _clusters[(int)pool] = cluster;
        }

        return cluster?.DestinationsState.AvailableDestinations.Count > 0;
    }
}
