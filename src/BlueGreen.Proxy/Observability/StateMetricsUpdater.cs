using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Observability;

/// <summary>
/// Sets the state gauges (weights, version, destination health and in-flight counts) just before each scrape,
/// from the routing table and YARP's live destination state, so nothing on the request path keeps them.
/// </summary>
internal sealed class StateMetricsUpdater
{
    private readonly ProxyMetrics _metrics;
    private readonly RoutingTable _table;
    private readonly IProxyStateLookup _proxyState;
    private readonly Lock _lock = new();
    private HashSet<(string Pool, string Destination)> _exported = [];

    public StateMetricsUpdater(ProxyMetrics metrics, RoutingTable table, IProxyStateLookup proxyState)
    {
        _metrics = metrics;
        _table = table;
        _proxyState = proxyState;
        metrics.Registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        var snapshot = _table.Current;
        _metrics.StateVersion.Set(snapshot.Version);
        foreach (var pool in PoolNames.All)
        {
            _metrics.WeightRatio.WithLabels(pool.Name()).Set((double)snapshot.Weights.PercentOf(pool) / 100);
        }

        lock (_lock)
        {
            var exported = new HashSet<(string, string)>();
            foreach (var pool in PoolNames.All)
            {
                if (!_proxyState.TryGetCluster(pool.Name(), out var cluster))
                {
                    continue;
                }

                foreach (var destination in cluster.Destinations.Values)
                {
                    var labels = (pool.Name(), destination.DestinationId);
                    exported.Add(labels);
                    var healthy = DestinationHealthView.Describe(destination.Health) != DestinationHealthView.Unhealthy;
                    _metrics.DestinationHealthy.WithLabels(labels.Item1, labels.Item2).Set(healthy ? 1 : 0);
                    _metrics.DestinationInFlight.WithLabels(labels.Item1, labels.Item2).Set(destination.ConcurrentRequestCount);
                }
            }

            // A removed destination's series go with it.
            foreach (var (pool, destination) in _exported.Except(exported))
            {
                _metrics.DestinationHealthy.RemoveLabelled(pool, destination);
                _metrics.DestinationInFlight.RemoveLabelled(pool, destination);
            }

            _exported = exported;
        }
    }
}
