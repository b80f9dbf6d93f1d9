using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Applies warm-up before YARP's load balancing: a warming destination is left out of a request's candidates with
/// the part of its share it does not have yet, so it gets that share of what it would get warm, whatever the pool's
/// load-balancing policy. While nothing warms up (nearly always), a request passes straight through.
/// </summary>
internal sealed class SlowStartMiddleware
{
    private readonly RequestDelegate _next;
    private readonly DestinationWarmUp _warmUp;

    public SlowStartMiddleware(RequestDelegate next, DestinationWarmUp warmUp)
    {
        _next = next;
        _warmUp = warmUp;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_warmUp.AnyWarming)
        {
            return _next(context);
        }

        var feature = context.GetReverseProxyFeature();
        if (!PoolRoutes.TryGetPool(feature.Route.Config.RouteId, out var pool))
        {
            return _next(context);
        }

        var candidates = feature.AvailableDestinations;
        List<DestinationState>? kept = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var share = _warmUp.ShareOf(candidates[i], pool);
            if (share < 1 && Random.Shared.NextDouble() >= share)
            {
                kept ??= [.. candidates.Take(i)];
                continue;
            }

            kept?.Add(candidates[i]);
        }

        // Never leave a request without a candidate: a pool of warming destinations serves as it can.
        if (kept is { Count: > 0 })
        {
            feature.AvailableDestinations = kept;
        }

        return _next(context);
    }
}
