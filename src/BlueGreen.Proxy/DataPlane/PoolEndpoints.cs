using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The pool route endpoints of one version of YARP's endpoint list, by pool. YARP publishes a new list when its routes
/// or clusters change; each endpoint runs YARP's pipeline for its pool's route and cluster.
/// </summary>
internal sealed class PoolEndpoints
{
    private readonly Endpoint[] _byPool;

    private PoolEndpoints(IReadOnlyList<Endpoint>? source, Endpoint[] byPool)
    {
        Source = source;
        _byPool = byPool;
    }

    /// <summary>No list read yet: its <see cref="Source"/> is no list YARP publishes.</summary>
    public static PoolEndpoints None { get; } = new(null, []);

    /// <summary>The endpoint list these were taken from.</summary>
    public IReadOnlyList<Endpoint>? Source { get; }

    /// <summary>Takes the pools' endpoints from <paramref name="endpoints"/>.</summary>
    /// <exception cref="InvalidOperationException">A pool has no route endpoint (the proxy's configuration always gives each one).</exception>
    public static PoolEndpoints From(IReadOnlyList<Endpoint> endpoints)
    {
        var byPool = new Endpoint?[PoolNames.All.Count];
        foreach (var endpoint in endpoints)
        {
            if (endpoint.RequestDelegate is not null && PoolRoutes.TryGetPool(endpoint.DisplayName, out var pool))
            {
                byPool[(int)pool] = endpoint;
            }
        }

        foreach (var pool in PoolNames.All)
        {
            if (byPool[(int)pool] is null)
            {
                throw new InvalidOperationException($"YARP publishes no route endpoint for pool {pool.Name()}.");
            }
        }

        return new PoolEndpoints(endpoints, byPool!);
    }

    /// <summary>The endpoint of <paramref name="pool"/>'s route.</summary>
    public Endpoint Of(Pool pool) => _byPool[(int)pool];
}
