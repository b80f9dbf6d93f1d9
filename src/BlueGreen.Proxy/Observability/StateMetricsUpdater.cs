using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Rollouts;

namespace BlueGreen.Proxy.Observability;

/// <summary>
/// Sets the state gauges (weights, version, destination health and in-flight counts) just before each scrape,
/// from the routing table and the pools' destinations, so nothing on the request path keeps them.
/// </summary>
internal sealed class StateMetricsUpdater
{
    private readonly ProxyMetrics _metrics;
    private readonly RoutingTable _table;
    private readonly PoolMembership _membership;
    private readonly DestinationRegistry _registry;
    private readonly Lock _lock = new();
    private HashSet<(string Pool, string Destination)> _exported = [];

    private readonly RolloutDriver _driver;

    public StateMetricsUpdater(ProxyMetrics metrics, RoutingTable table, PoolMembership membership, DestinationRegistry registry, RolloutDriver driver)
    {
        _driver = driver;
        _membership = membership;
        _metrics = metrics;
        _table = table;
        _registry = registry;
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

        UpdateRollout(snapshot);
        UpdateRolling(snapshot);

        lock (_lock)
        {
            var exported = new HashSet<(string, string)>();
            foreach (var pool in PoolNames.All)
            {
                // Draining destinations too: their in-flight count is what a rolling update watches.
                foreach (var destination in _membership.List(pool))
                {
                    var labels = (pool.Name(), destination.Id);
                    exported.Add(labels);
                    var healthy = _registry.HealthOf(pool, destination) != DestinationHealthView.Unhealthy;
                    _metrics.DestinationHealthy.WithLabels(labels.Item1, labels.Item2).Set(healthy ? 1 : 0);
                    _metrics.DestinationInFlight.WithLabels(labels.Item1, labels.Item2).Set(_registry.InFlight(pool, destination));
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

    private void UpdateRollout(RoutingSnapshot snapshot)
    {
        var rollout = snapshot.Rollout;
        _metrics.RolloutStep.Set(snapshot.RunningRollout?.Step ?? 0);
        foreach (var status in RolloutStatusNames.All)
        {
            _metrics.RolloutStatus.WithLabels(status.Name()).Set(rollout?.Status == status ? 1 : 0);
        }

        var analysis = rollout is null ? null : _driver.AnalysisOf(rollout);
        foreach (var pool in PoolNames.All)
        {
            var figures = analysis?.Of(pool) ?? PoolFigures.None;
            _metrics.RolloutErrorRatio.WithLabels(pool.Name()).Set(figures.ErrorRate);
            _metrics.RolloutP99.WithLabels(pool.Name()).Set(figures.P99Ms is { } ms ? ms / 1000 : double.NaN);
        }
    }

    private void UpdateRolling(RoutingSnapshot snapshot)
    {
        foreach (var pool in PoolNames.All)
        {
            var update = snapshot.RollingUpdateOf(pool);
            foreach (var status in RollingStatusNames.All)
            {
                _metrics.RollingStatus.WithLabels(pool.Name(), status.Name()).Set(update?.Status == status ? 1 : 0);
            }

            _metrics.RollingUpdated.WithLabels(pool.Name()).Set(update?.Updated.Length ?? 0);
        }
    }
}
