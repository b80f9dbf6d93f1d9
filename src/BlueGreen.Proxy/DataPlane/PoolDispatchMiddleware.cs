using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The data plane's terminal step, in place of endpoint routing: chooses the request's pool (failing over when it has no
/// available destination), starts the request's per-request step (<see cref="ProxiedRequest"/>), and runs YARP's
/// pipeline on that pool's route endpoint. YARP then sees a request routed straight to the pool's route and cluster,
/// so its load balancing, passive health, concurrency counts and telemetry all apply to the pool that serves it.
/// </summary>
/// <remarks>
/// Perf: both pool routes match every request, so the routing matcher had nothing to decide but the pool; taking the
/// endpoint directly saves the matcher, the routing and endpoint middlewares and the authorization middleware that
/// came with them, about 1-2 µs of CPU a request (benchmarks/README.md, "Dispatch without endpoint routing").
/// </remarks>
internal sealed class PoolDispatchMiddleware
{
    private readonly RoutingTable _table;
    private readonly PoolFailover? _failover;
    private readonly ProxyMetrics _metrics;
    private readonly PoolOutcomes _outcomes;
    private readonly EndpointDataSource _proxyEndpoints;

    // Replaced whole when YARP publishes a new endpoint list; threads that race to replace it build equal copies.
    private PoolEndpoints _endpoints = PoolEndpoints.None;

    /// <param name="next">Unused: this step is terminal.</param>
    /// <param name="table">The routing state that decides the pool.</param>
    /// <param name="options">Whether failover is on.</param>
    /// <param name="failover">Takes a request to the other pool when its own has no available destination.</param>
    /// <param name="metrics">Where the request is recorded.</param>
    /// <param name="outcomes">Where the request's outcome is recorded for the canary analysis.</param>
    /// <param name="proxyEndpoints">YARP's endpoints, one per pool route.</param>
    public PoolDispatchMiddleware(
        RequestDelegate next, RoutingTable table, BlueGreenOptions options, PoolFailover failover, ProxyMetrics metrics, PoolOutcomes outcomes,
        EndpointDataSource proxyEndpoints)
    {
        _ = next;
        _table = table;
        _failover = options.Failover.Enabled ? failover : null;
        _metrics = metrics;
        _outcomes = outcomes;
        _proxyEndpoints = proxyEndpoints;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = SelectEndpoint(context);
        context.SetEndpoint(endpoint);
        return endpoint.RequestDelegate!(context);
    }

    /// <summary>Chooses the pool that serves <paramref name="context"/>, starts its per-request step, and returns the pool's endpoint.</summary>
    private Endpoint SelectEndpoint(HttpContext context)
    {
        var request = ProxiedRequest.For(context);
        var assigned = RequestAffinityReader.SelectPool(context, _table.Current, request.Cookies);
        var chosen = _failover?.Route(assigned) ?? assigned;
        request.Begin(context, assigned, chosen, _metrics, _outcomes);
        return CurrentEndpoints().Of(chosen);
    }

    private PoolEndpoints CurrentEndpoints()
    {
        // Perf: YARP keeps its list until its routes or clusters change, so one reference check settles almost every call.
        var published = _proxyEndpoints.Endpoints;
        var endpoints = _endpoints;
        if (!ReferenceEquals(published, endpoints.Source))
        {
            _endpoints = endpoints = PoolEndpoints.From(published);
        }

        return endpoints;
    }
}
