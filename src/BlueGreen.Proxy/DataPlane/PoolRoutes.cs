using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The YARP route and cluster of each pool share the pool's name, so an endpoint's display name (the route id)
/// tells its pool without a metadata lookup.
/// </summary>
internal static class PoolRoutes
{
    /// <summary>Returns the route and cluster id of <paramref name="pool"/>.</summary>
    public static string RouteId(Pool pool) => pool.Name();

    /// <summary>Whether <paramref name="routeId"/> is one of the pool routes, and which.</summary>
    public static bool TryGetPool(string? routeId, out Pool pool)
    {
        // Perf: route ids are the interned constants, so a reference check settles almost every call.
        if (ReferenceEquals(routeId, PoolNames.Blue) || string.Equals(routeId, PoolNames.Blue, StringComparison.Ordinal))
        {
            pool = Pool.Blue;
            return true;
        }

        if (ReferenceEquals(routeId, PoolNames.Green) || string.Equals(routeId, PoolNames.Green, StringComparison.Ordinal))
        {
            pool = Pool.Green;
            return true;
        }

        pool = default;
        return false;
    }
}
