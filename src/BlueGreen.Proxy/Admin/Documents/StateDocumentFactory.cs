using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>Builds the state document from a routing snapshot and YARP's live view of each pool's destinations.</summary>
internal sealed class StateDocumentFactory
{
    private readonly IProxyStateLookup _proxyState;
    private readonly DestinationRegistry _registry;

    public StateDocumentFactory(IProxyStateLookup proxyState, DestinationRegistry registry)
    {
        _proxyState = proxyState;
        _registry = registry;
    }

    public StateDocument Create(RoutingSnapshot snapshot) => new(
        snapshot.Version,
        snapshot.Stable.Name(),
        new WeightsDocument(snapshot.Weights.BluePercent, snapshot.Weights.GreenPercent),
        PoolNames.All.ToDictionary(pool => pool.Name(), DescribePool),
        Rollout: null);

    private PoolDocument DescribePool(Pool pool)
    {
        _proxyState.TryGetCluster(pool.Name(), out var cluster);
        var destinations = _registry.List(pool)
            .Select(d =>
            {
                // YARP's live state while the destination is active, the retained one while it drains.
                var state = cluster is not null && cluster.Destinations.TryGetValue(d.Id, out var live) && d.Mode == DestinationMode.Active
                    ? live
                    : d.Retained;
                var health = state is null ? DestinationHealthView.Unknown : DestinationHealthView.Describe(state.Health);
                return new DestinationDocument(d.Id, d.Address, health, d.ModeName, _registry.InFlight(pool, d));
            })
            .ToList();
        return new PoolDocument(destinations);
    }
}
