using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Routing.Matching;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Chooses the pool during endpoint routing: both pool routes match every request, and this policy keeps
/// exactly the chosen one. YARP then sees a request routed straight to the pool's route and cluster, so its
/// load balancing, passive health, concurrency counts and telemetry all apply to the pool that serves it,
/// with no re-assignment and no allocation. The rest of what the proxy adds per request starts here too
/// (<see cref="ProxiedRequest"/>), so no middleware of its own runs in YARP's pipeline.
/// </summary>
internal sealed class PoolEndpointSelectorPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    private readonly RoutingTable _table;
    private readonly PoolFailover? _failover;
    private readonly ProxyMetrics _metrics;

    public PoolEndpointSelectorPolicy(RoutingTable table, BlueGreenOptions options, PoolFailover failover, ProxyMetrics metrics)
    {
        _table = table;
        _failover = options.Failover.Enabled ? failover : null;
        _metrics = metrics;
    }

    // After YARP's own header and query policies, so they could narrow a route before the split does.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e is RouteEndpoint && PoolRoutes.TryGetPool(e.DisplayName, out _));

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var request = ProxiedRequest.For(httpContext);
        var assigned = RequestPoolChooser.Choose(httpContext, _table.Current, request.Cookies);
        var chosen = _failover?.Route(assigned) ?? assigned;
        request.Begin(httpContext, assigned, chosen, _metrics);

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) &&
                PoolRoutes.TryGetPool(candidates[i].Endpoint.DisplayName, out var pool) &&
                pool != chosen)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
