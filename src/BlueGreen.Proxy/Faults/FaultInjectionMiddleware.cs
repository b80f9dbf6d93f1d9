using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Faults;

/// <summary>
/// Fire drills on the data plane, first in YARP's pipeline: a request of a pool with a fault in force is, with the
/// fault's share, answered with its status (it never reaches a destination) or delayed before it goes on. It counts
/// as the pool's answer like any other, so a rollout judges it. With no fault in force (always, unless an operator
/// injected one), a request passes straight through: one read of the snapshot, no allocation.
/// </summary>
internal sealed class FaultInjectionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RoutingTable _table;
    private readonly ProxyMetrics _metrics;

    public FaultInjectionMiddleware(RequestDelegate next, RoutingTable table, ProxyMetrics metrics)
    {
        _next = next;
        _table = table;
        _metrics = metrics;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var faults = _table.Current.Faults;
        if (faults.IsEmpty || !PoolRoutes.TryGetPool(context.GetReverseProxyFeature().Route.Config.RouteId, out var pool))
        {
            return _next(context);
        }

        foreach (var fault in faults)
        {
            if (fault.Pool == pool && Random.Shared.Next(PoolWeights.Total) < fault.BasisPoints)
            {
                _metrics.InjectedFaults.WithLabels(pool.Name(), fault.Kind).Inc();
                return InjectAsync(context, fault);
            }
        }

        return _next(context);
    }

    private async Task InjectAsync(HttpContext context, Fault fault)
    {
        if (fault.DelayMs is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
            await _next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = fault.Status!.Value;
        context.Response.Headers["X-BlueGreen-Fault"] = fault.Id;
    }
}
