using BlueGreen.Core.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Chooses the pool during endpoint routing: both pool routes match every request, and this policy keeps
/// exactly the chosen one. YARP then sees a request routed straight to the pool's route and cluster, so its
/// load balancing, passive health, concurrency counts and telemetry all apply to the pool that serves it,
/// with no re-assignment and no allocation.
/// </summary>
internal sealed class PoolEndpointSelectorPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    private readonly RoutingTable _table;

    public PoolEndpointSelectorPolicy(RoutingTable table)
    {
        _table = table;
    }

    // After YARP's own header and query policies, so they could narrow a route before the split does.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e is RouteEndpoint && PoolRoutes.TryGetPool(e.DisplayName, out _));

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var chosen = RequestPoolChooser.Choose(httpContext, _table.Current);
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
