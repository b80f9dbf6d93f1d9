using Microsoft.AspNetCore.Routing.Matching;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>The routing matcher's branch on the pool: each request goes down the edge of the pool that serves it.</summary>
internal sealed class PoolJumpTable : PolicyJumpTable
{
    private readonly PoolRoutingPolicy _policy;
    private readonly int[] _destinations;

    /// <param name="policy">Chooses the pool.</param>
    /// <param name="destinations">The matcher's destination for each pool, indexed by <see cref="Core.Routing.Pool"/>.</param>
    public PoolJumpTable(PoolRoutingPolicy policy, int[] destinations)
    {
        _policy = policy;
        _destinations = destinations;
    }

    public override int GetDestination(HttpContext httpContext) => _destinations[(int)_policy.Route(httpContext)];
}
