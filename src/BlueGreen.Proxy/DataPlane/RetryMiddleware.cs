using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Sends a replayable request (GET, HEAD, OPTIONS, TRACE, or one without a body) once more when its destination
/// refused the connection or dropped it before any response byte: to another available destination of the same
/// pool, else to the other pool when failover is on. It wraps YARP's load balancing, passive health and forwarder
/// rather than replacing them, so their health records and in-flight counts stay right. Never after the response
/// has started: what reached the client cannot be taken back. Never an upgrade (a WebSocket): a tunnel is not a
/// request to replay, and its client reconnects as it sees fit.
/// </summary>
/// <remarks>
/// Cost: a request that can be replayed runs through one <c>async</c> frame of its own (its state machine is
/// allocated once per such request); one that cannot (a POST with a body) passes straight through.
/// </remarks>
internal sealed class RetryMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IProxyStateLookup _proxyState;
    private readonly PoolAvailability _availability;
    private readonly ProxyMetrics _metrics;
    private readonly bool _failover;

    public RetryMiddleware(RequestDelegate next, IProxyStateLookup proxyState, PoolAvailability availability, ProxyMetrics metrics, BlueGreenOptions options)
    {
        _next = next;
        _proxyState = proxyState;
        _availability = availability;
        _metrics = metrics;
        _failover = options.Failover.Enabled;
    }

    public Task InvokeAsync(HttpContext context) =>
        IsReplayable(context.Request) ? ForwardWithRetryAsync(context) : _next(context);

    /// <summary>Whether the request can be sent twice: a safe method, or no body to replay.</summary>
    internal static bool IsReplayable(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ||
        HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method) ||
        request.ContentLength == 0 ||
        request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;

    private async Task ForwardWithRetryAsync(HttpContext context)
    {
        var feature = context.GetReverseProxyFeature();
        var candidates = feature.AvailableDestinations;
        await _next(context).ConfigureAwait(false);
        // Perf: the upgrade check runs only after a failure, so ordinary GETs pay nothing for it.
        if (!FailedBeforeResponse(context) || UpgradeRequests.IsUpgrade(context) ||
            !PoolRoutes.TryGetPool(feature.Route.Config.RouteId, out var pool))
        {
            return;
        }

        var failed = feature.ProxiedDestination;
        var others = candidates.Where(d => d != failed && DestinationHealthView.Describe(d.Health) != DestinationHealthView.Unhealthy).ToList();
        if (others.Count > 0)
        {
            feature.AvailableDestinations = others;
            ProxiedRequest.Retried(context, pool, failed?.DestinationId);
        }
        else if (_failover &&
                 _availability.HasAvailableDestination(pool.Other()) &&
                 _availability.Cluster(pool.Other()) is { } otherCluster &&
                 _proxyState.TryGetRoute(pool.Other().Name(), out var otherRoute))
        {
            context.ReassignProxyRequest(otherRoute, otherCluster);
            ProxiedRequest.Retried(context, pool.Other(), failed?.DestinationId);
        }
        else
        {
            return;
        }

        _metrics.Retries.WithLabels(pool.Name()).Inc();
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.StatusCode = StatusCodes.Status200OK;
        await _next(context).ConfigureAwait(false);
    }

    /// <summary>Refused, reset or closed before the response headers: nothing reached the client yet.</summary>
    internal static bool FailedBeforeResponse(HttpContext context) =>
        !context.Response.HasStarted &&
        context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request };
}
