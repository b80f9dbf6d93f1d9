using System.Diagnostics.CodeAnalysis;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Benchmarks;

/// <summary>
/// YARP's runtime state as the proxy sees it in normal operation: a cluster per pool, each with one healthy
/// destination, so <c>PoolFailover</c> finds the assigned pool available and keeps it.
/// </summary>
internal sealed class HealthyProxyState : IProxyStateLookup
{
    private readonly Dictionary<string, ClusterState> _clusters;

    public HealthyProxyState(IEnumerable<string> clusterIds)
    {
        _clusters = clusterIds.ToDictionary(id => id, CreateHealthyCluster, StringComparer.OrdinalIgnoreCase);
    }

    public bool TryGetRoute(string id, [NotNullWhen(true)] out RouteModel? route)
    {
        route = null;
        return false;
    }

    public IEnumerable<RouteModel> GetRoutes() => [];

    public bool TryGetCluster(string id, [NotNullWhen(true)] out ClusterState? cluster) => _clusters.TryGetValue(id, out cluster);

    public IEnumerable<ClusterState> GetClusters() => _clusters.Values;

    private static ClusterState CreateHealthyCluster(string clusterId)
    {
        DestinationState[] destinations = [new($"{clusterId}-1")];
        return new ClusterState(clusterId) { DestinationsState = new ClusterDestinationsState(destinations, destinations) };
    }
}
