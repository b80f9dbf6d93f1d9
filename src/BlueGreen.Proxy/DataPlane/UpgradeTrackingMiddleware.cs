namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Registers each upgraded request (a WebSocket) with <see cref="UpgradedConnections"/> under the destination load
/// balancing chose for it, for as long as YARP forwards it, so a drain can close it at its timeout. It runs after
/// YARP's load balancing, where the destination is known; an ordinary request passes straight through.
/// </summary>
internal sealed class UpgradeTrackingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly UpgradedConnections _connections;

    public UpgradeTrackingMiddleware(RequestDelegate next, UpgradedConnections connections)
    {
        _next = next;
        _connections = connections;
    }

    public Task InvokeAsync(HttpContext context) =>
        UpgradeRequests.IsUpgrade(context) ? TrackAsync(context) : _next(context);

    private async Task TrackAsync(HttpContext context)
    {
        var feature = context.GetReverseProxyFeature();
        var destinations = feature.AvailableDestinations;

        // Load balancing leaves exactly one destination, or none (YARP then answers 503 and nothing opens).
        if (destinations.Count != 1 || !PoolRoutes.TryGetPool(feature.Route.Config.RouteId, out var pool))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        using (_connections.Open(pool, destinations[0].DestinationId, context))
        {
            await _next(context).ConfigureAwait(false);
        }
    }
}
