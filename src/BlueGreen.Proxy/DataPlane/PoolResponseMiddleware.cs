using System.Diagnostics;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The one step the proxy adds to each request after routing: names the serving pool in
/// <c>X-BlueGreen-Pool</c>, including on the proxy's own error answers, and records the request's metrics once.
/// </summary>
internal sealed class PoolResponseMiddleware
{
    /// <summary>The response header that names the pool that served.</summary>
    public const string ServedByHeader = "X-BlueGreen-Pool";

    private readonly RequestDelegate _next;
    private readonly ProxyMetrics _metrics;

    public PoolResponseMiddleware(RequestDelegate next, ProxyMetrics metrics)
    {
        _next = next;
        _metrics = metrics;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!PoolRoutes.TryGetPool(context.GetReverseProxyFeature().Route.Config.RouteId, out var pool))
        {
            return _next(context);
        }

        var started = Stopwatch.GetTimestamp();
        context.Response.Headers[ServedByHeader] = pool.Name();
        var forwarding = _next(context);
        if (forwarding.IsCompletedSuccessfully)
        {
            Complete(context.Response, pool, started);
            return Task.CompletedTask;
        }

        return AwaitForwarding(forwarding, context.Response, pool, started);
    }

    private async Task AwaitForwarding(Task forwarding, HttpResponse response, Pool pool, long started)
    {
        try
        {
            await forwarding.ConfigureAwait(false);
        }
        finally
        {
            Complete(response, pool, started);
        }
    }

    private void Complete(HttpResponse response, Pool pool, long started)
    {
        NameAgainIfCleared(response, pool.Name());

        // Counted under the pool the request was assigned to, also when another pool served it.
        var assigned = response.HttpContext.Features.Get<AssignedPoolFeature>()?.Pool ?? pool;
        _metrics.RecordRequest(assigned, response.StatusCode, started);
    }

    // YARP clears the response before writing its own 502 on some failures; the pool is named again then.
    private static void NameAgainIfCleared(HttpResponse response, string poolName)
    {
        if (!response.HasStarted)
        {
            response.Headers[ServedByHeader] = poolName;
        }
    }
}
