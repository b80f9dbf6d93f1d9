using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>Builds the state document from a routing snapshot and YARP's live view of each pool's destinations.</summary>
internal sealed class StateDocumentFactory
{
    private readonly IProxyStateLookup _proxyState;

    public StateDocumentFactory(IProxyStateLookup proxyState)
    {
        _proxyState = proxyState;
    }

    public StateDocument Create(RoutingSnapshot snapshot) => new(
        snapshot.Version,
        snapshot.Stable.Name(),
        new WeightsDocument(snapshot.Weights.BluePercent, snapshot.Weights.GreenPercent),
        PoolNames.All.ToDictionary(pool => pool.Name(), DescribePool),
        Rollout: null);

    private PoolDocument DescribePool(Pool pool)
    {
        if (!_proxyState.TryGetCluster(pool.Name(), out var cluster))
        {
            return new PoolDocument([]);
        }

        var destinations = cluster.Destinations.Values
            .OrderBy(d => d.DestinationId, StringComparer.Ordinal)
            .Select(d => new DestinationDocument(
                d.DestinationId,
                d.Model.Config.Address,
                DestinationHealthView.Describe(d.Health),
                "active",
                d.ConcurrentRequestCount))
            .ToList();
        return new PoolDocument(destinations);
    }
}
