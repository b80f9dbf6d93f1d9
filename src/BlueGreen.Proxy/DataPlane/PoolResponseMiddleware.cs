using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The one step the proxy adds to each request after routing: names the serving pool in
/// <c>X-BlueGreen-Pool</c>, including on the proxy's own error answers.
/// </summary>
internal sealed class PoolResponseMiddleware
{
    /// <summary>The response header that names the pool that served.</summary>
    public const string ServedByHeader = "X-BlueGreen-Pool";

    private readonly RequestDelegate _next;

    public PoolResponseMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!PoolRoutes.TryGetPool(context.GetReverseProxyFeature().Route.Config.RouteId, out var pool))
        {
            return _next(context);
        }

        var poolName = pool.Name();
        context.Response.Headers[ServedByHeader] = poolName;
        var forwarding = _next(context);
        if (forwarding.IsCompletedSuccessfully)
        {
            NameAgainIfCleared(context.Response, poolName);
            return Task.CompletedTask;
        }

        return AwaitForwarding(forwarding, context.Response, poolName);
    }

    private static async Task AwaitForwarding(Task forwarding, HttpResponse response, string poolName)
    {
        await forwarding.ConfigureAwait(false);
        NameAgainIfCleared(response, poolName);
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
