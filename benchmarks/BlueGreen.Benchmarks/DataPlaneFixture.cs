using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;
using Prometheus;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The proxy's data plane wired as in the server, around one prepared request that is reused as Kestrel reuses
/// its own: the routing table, <see cref="PoolEndpointSelectorPolicy"/> with the two pool endpoints,
/// <see cref="PoolResponseMiddleware"/> (which records the request's metrics) in front of a forwarder the
/// benchmark supplies, failover enabled over two healthy pools, and the request of a
/// returning user of a 95/5 canary with the default policy (cookie stickiness, override enabled).
/// </summary>
/// <remarks>
/// <see cref="DefaultHttpContext"/> keeps headers in a case-insensitive dictionary, where Kestrel reads known
/// headers such as Cookie from a field, so the header lookups here cost a little more than in the server.
/// </remarks>
internal sealed class DataPlaneFixture
{
    public DataPlaneFixture(RequestDelegate forward)
    {
        // The proxy's real route configs, so endpoint names and route ids are the same strings as in the server.
        var routes = ProxyConfigFactory.CreateRoutes();

        // Metrics in a registry of the benchmark's own, as the server keeps them in one of its own; failover
        // enabled (the default) over pools that both have a healthy destination, as in normal operation.
        var metrics = new ProxyMetrics(Metrics.NewCustomRegistry());
        var proxyState = new HealthyProxyState(routes.Select(r => r.ClusterId!));
        var failover = new PoolFailover(proxyState, metrics, NullLogger<PoolFailover>.Instance);

        Table = new RoutingTable(RealisticRequest.CanarySnapshot());
        Policy = new PoolEndpointSelectorPolicy(Table, new BlueGreenOptions(), failover);
        Middleware = new PoolResponseMiddleware(forward, metrics);
        Candidates = new CandidateSet(
            [.. routes.Select(r => CreateEndpoint(r.RouteId))],
            [.. routes.Select(_ => new RouteValueDictionary { ["catch-all"] = "api/orders/42" })],
            [.. routes.Select(_ => 0)]);

        Context = CreateContext();

        // YARP sets its feature from the endpoint routing kept, so the route is the one of the user's pool.
        Pool = RequestPoolChooser.Choose(Context, Table.Current);
        var route = routes.Single(r => r.RouteId == PoolRoutes.RouteId(Pool));
        Context.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature
        {
            Route = new RouteModel(route, proxyState.Cluster(route.ClusterId!), HttpTransformer.Default),
        });
    }

    public RoutingTable Table { get; }

    public PoolEndpointSelectorPolicy Policy { get; }

    public PoolResponseMiddleware Middleware { get; }

    public CandidateSet Candidates { get; }

    public DefaultHttpContext Context { get; }

    /// <summary>The pool the request's sticky id is on.</summary>
    public Pool Pool { get; }

    /// <summary>Clears the response headers, as Kestrel does before it reuses its context for the next request.</summary>
    public void ResetResponse() => Context.Response.Headers.Clear();

    // Perf: the policy marks the other pool's candidate invalid; marking both valid again is two array writes,
    // where a new CandidateSet per operation would allocate three arrays and the set.
    public void ResetCandidates()
    {
        Candidates.SetValidity(0, true);
        Candidates.SetValidity(1, true);
    }

    /// <summary>
    /// Throws unless the step just run did what the proxy does: kept only the user's pool endpoint, did not fail
    /// over, named the pool in the response, and issued no cookie. A benchmark of a wrong step would be worse than none.
    /// </summary>
    public void VerifyStep()
    {
        var kept = Enumerable.Range(0, Candidates.Count).Where(Candidates.IsValidCandidate).ToList();
        if (kept.Count != 1 || !PoolRoutes.TryGetPool(Candidates[kept[0]].Endpoint.DisplayName, out var chosen) || chosen != Pool)
        {
            throw new InvalidOperationException($"The policy should keep only the {Pool} endpoint.");
        }

        if (Context.Features.Get<AssignedPoolFeature>() is not null)
        {
            throw new InvalidOperationException("With both pools healthy, no request may fail over.");
        }

        var headers = Context.Response.Headers;
        if (headers[PoolResponseMiddleware.ServedByHeader] != Pool.Name())
        {
            throw new InvalidOperationException($"The middleware should name {Pool} in {PoolResponseMiddleware.ServedByHeader}.");
        }

        if (headers.ContainsKey(HeaderNames.SetCookie))
        {
            throw new InvalidOperationException("A returning user must not be issued a new sticky cookie.");
        }
    }

    private static RouteEndpoint CreateEndpoint(string routeId) =>
        new(static _ => Task.CompletedTask, RoutePatternFactory.Parse("/{**catch-all}"), 0, EndpointMetadataCollection.Empty, routeId);

    private static DefaultHttpContext CreateContext()
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Scheme = "https";
        request.Host = new HostString("shop.example.com");
        request.Path = "/api/orders/42";
        var headers = request.Headers;
        headers[HeaderNames.Accept] = "application/json, text/plain, */*";
        headers[HeaderNames.AcceptEncoding] = "gzip, deflate, br";
        headers[HeaderNames.AcceptLanguage] = "en-GB,en;q=0.9";
        headers[HeaderNames.UserAgent] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        headers[HeaderNames.Cookie] = RealisticRequest.Cookie;
        return context;
    }
}
