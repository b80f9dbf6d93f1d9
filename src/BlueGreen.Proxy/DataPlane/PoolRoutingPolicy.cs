using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Routing.Matching;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Chooses the pool during endpoint routing: both pool routes match every request, and this policy adds a branch
/// to the routing matcher's tree, one edge per pool, whose jump table (<see cref="PoolJumpTable"/>) sends each
/// request down its pool's edge. YARP then sees a request routed straight to the pool's route and cluster, so its
/// load balancing, passive health, concurrency counts and telemetry all apply to the pool that serves it, with no
/// re-assignment and no allocation. The rest of what the proxy adds per request starts here too
/// (<see cref="ProxiedRequest"/>), so no middleware of its own runs in YARP's pipeline.
/// </summary>
/// <remarks>
/// Perf: a jump table, as ASP.NET Core's own HTTP-method policy uses, is walked inside the matcher; an endpoint
/// selector policy instead makes the matcher allocate a candidate set for every request and run a second pass.
/// </remarks>
internal sealed class PoolRoutingPolicy : MatcherPolicy, INodeBuilderPolicy
{
    private readonly RoutingTable _table;
    private readonly PoolFailover? _failover;
    private readonly ProxyMetrics _metrics;
    private readonly PoolOutcomes _outcomes;

    public PoolRoutingPolicy(RoutingTable table, BlueGreenOptions options, PoolFailover failover, ProxyMetrics metrics, PoolOutcomes outcomes)
    {
        _table = table;
        _failover = options.Failover.Enabled ? failover : null;
        _metrics = metrics;
        _outcomes = outcomes;
    }

    // After ASP.NET Core's and YARP's own policies, so they could narrow a route before the split does.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e is RouteEndpoint && PoolRoutes.TryGetPool(e.DisplayName, out _));

    /// <summary>One edge per pool, with that pool's endpoints and any endpoint of no pool (which both keep).</summary>
    public IReadOnlyList<PolicyNodeEdge> GetEdges(IReadOnlyList<Endpoint> endpoints) =>
        [.. PoolNames.All.Select(pool => new PolicyNodeEdge(
            pool,
            [.. endpoints.Where(e => !PoolRoutes.TryGetPool(e.DisplayName, out var owner) || owner == pool)]))];

    public PolicyJumpTable BuildJumpTable(int exitDestination, IReadOnlyList<PolicyJumpTableEdge> edges)
    {
        var destinations = PoolNames.All.Select(_ => exitDestination).ToArray();
        foreach (var edge in edges)
        {
            destinations[(int)(Pool)edge.State] = edge.Destination;
        }

        return new PoolJumpTable(this, destinations);
    }

    /// <summary>
    /// Chooses the request's pool (failing over when it has no available destination) and starts the request's
    /// per-request step; returns the pool that serves it.
    /// </summary>
    public Pool Route(HttpContext httpContext)
    {
        var request = ProxiedRequest.For(httpContext);
        var assigned = RequestAffinityReader.SelectPool(httpContext, _table.Current, request.Cookies);
        var chosen = _failover?.Route(assigned) ?? assigned;
        request.Begin(httpContext, assigned, chosen, _metrics, _outcomes);
        return chosen;
    }
}
