using BlueGreen.Core.Analysis;
using System.Globalization;
using System.Text;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;
using Prometheus;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The proxy's data plane wired as in the server, around one prepared request that is reused as Kestrel reuses
/// its own: the routing table and <see cref="PoolDispatchMiddleware"/> over the two pool endpoints (choosing the pool starts
/// <see cref="ProxiedRequest"/>: the pool header when the response starts, the metrics when it completes),
/// failover enabled over two healthy pools, and the request of a returning user of a 95/5 canary with the
/// default policy (cookie stickiness, override enabled).
/// </summary>
/// <remarks>
/// The context's response is a <see cref="KestrelLikeResponseFeature"/>, which keeps and runs the response
/// callbacks as Kestrel does, both header collections are Kestrel's own (<see cref="KestrelHeaders"/>), so
/// header lookups cost what they cost in the server, and the endpoint feature is found as Kestrel finds it
/// (<see cref="KestrelLikeFeatures"/>).
/// </remarks>
internal sealed class DataPlaneFixture
{
    private readonly CollectorRegistry _registry;

    public DataPlaneFixture()
    {
        // The proxy's real route configs, so endpoint names and route ids are the same strings as in the server.
        var routes = ProxyConfigFactory.CreateRoutes();

        // Metrics in a registry of the benchmark's own, as the server keeps them in one of its own; failover
        // enabled (the default) over pools that both have a healthy destination, as in normal operation.
        _registry = Prometheus.Metrics.NewCustomRegistry();
        Metrics = new ProxyMetrics(_registry);
        var proxyState = new HealthyProxyState(routes.Select(r => r.ClusterId!));
        Failover = new PoolFailover(new PoolAvailability(proxyState), Metrics, NullLogger<PoolFailover>.Instance);

        Table = new RoutingTable(RealisticRequest.CanarySnapshot());
        // The endpoints stand in for YARP's pipeline: each ends at once, as a request whose forwarder answered.
        Dispatch = new PoolDispatchMiddleware(
            static _ => Task.CompletedTask, Table, new BlueGreenOptions(), Failover, Metrics, Outcomes,
            new DefaultEndpointDataSource(routes.Select(r => CreateEndpoint(r.RouteId))));

        Response = new KestrelLikeResponseFeature();
        Context = CreateContext(Response);
        Pool = RequestAffinityReader.SelectPool(Context, Table.Current, new CookieValueCache());
    }

    public RoutingTable Table { get; }

    /// <summary>The metrics the step records to (in the fixture's own registry).</summary>
    public ProxyMetrics Metrics { get; }

    /// <summary>The canary outcomes the step records to.</summary>
    public PoolOutcomes Outcomes { get; } = new();

    /// <summary>The failover check the step runs.</summary>
    public PoolFailover Failover { get; }

    /// <summary>The data plane's terminal step: chooses the pool and runs its endpoint.</summary>
    public PoolDispatchMiddleware Dispatch { get; }

    public DefaultHttpContext Context { get; }

    /// <summary>The context's response, whose callbacks the benchmarks run where Kestrel would.</summary>
    public KestrelLikeResponseFeature Response { get; }

    /// <summary>
    /// Gives the request a Cookie header with the same text as before in another string instance, as Kestrel does
    /// when a connection's Cookie header changed (or on a connection's first request), so the proxy reads it afresh.
    /// </summary>
    public void ChangeCookieHeaderInstance()
    {
        _cookieFlip ^= 1;
        Context.Request.Headers.Cookie = _cookieInstances[_cookieFlip];
    }

    private readonly string[] _cookieInstances = [new(RealisticRequest.Cookie.AsSpan()), new(RealisticRequest.Cookie.AsSpan())];
    private int _cookieFlip;

    /// <summary>The pool the request's sticky id is on.</summary>
    public Pool Pool { get; }

    /// <summary>Makes the context ready for the next request, as Kestrel does for every request anyway (response reset: callbacks, headers, status).</summary>
    public void BeginRequest() => Response.Reset();

    /// <summary>What Kestrel does once the forwarder has answered: starts the response, then completes it.</summary>
    public Task RespondAsync()
    {
        var starting = Response.StartAsync();
        return starting.IsCompletedSuccessfully ? Response.CompleteAsync() : StartThenCompleteAsync(starting);
    }

    /// <summary>The request's metrics as <c>/metrics</c> exports them, to check that a step recorded one request.</summary>
    public RecordedMetrics ReadMetrics()
    {
        using var exported = new MemoryStream();
        _registry.CollectAndExportAsTextAsync(exported).GetAwaiter().GetResult();
        var lines = Encoding.UTF8.GetString(exported.ToArray()).Split('\n');
        var pool = $"pool=\"{Pool.Name()}\"";

        double Sample(string metric, string? label = null) =>
            lines.Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(pool, StringComparison.Ordinal) &&
                             (label is null || l.Contains(label, StringComparison.Ordinal)))
                 .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
                 .SingleOrDefault();

        return new RecordedMetrics(
            Sample("bluegreen_requests_total", "code=\"200\""),
            Sample("bluegreen_request_duration_seconds_count"),
            Sample("bluegreen_failovers_total"));
    }

    /// <summary>
    /// Throws unless the endpoint selection just run did what the proxy does: kept only the user's pool endpoint
    /// (so did not fail over), issued no cookie, and left the pool header and the metrics to the response
    /// callbacks it registered. A benchmark of a wrong step would be worse than none.
    /// </summary>
    public void VerifySelected()
    {
        VerifyEndpointAndCookie();

        if (Response.PendingStarting == 0 || Response.PendingCompleted == 0)
        {
            throw new InvalidOperationException("The policy should register a starting and a completed callback on the response.");
        }

        if (Response.Headers.ContainsKey(ProxiedRequest.ServedByHeader))
        {
            throw new InvalidOperationException($"{ProxiedRequest.ServedByHeader} should be set when the response starts, not before.");
        }
    }

    /// <summary>
    /// Throws unless the whole step just run did what the proxy does: as <see cref="VerifySelected"/>, and the
    /// response callbacks ran, named the pool in the response and recorded the request once under its pool.
    /// </summary>
    public void VerifyCompleted(RecordedMetrics before)
    {
        VerifyEndpointAndCookie();

        if (Response.PendingStarting != 0 || Response.PendingCompleted != 0 || !Response.HasStarted)
        {
            throw new InvalidOperationException("The step should leave no response callback unrun.");
        }

        if (Response.Headers[ProxiedRequest.ServedByHeader] != Pool.Name())
        {
            throw new InvalidOperationException($"The response should name {Pool} in {ProxiedRequest.ServedByHeader}.");
        }

        var after = ReadMetrics();
        if (after.Requests != before.Requests + 1 || after.Durations != before.Durations + 1)
        {
            throw new InvalidOperationException(
                $"The step should record one request and one duration under {Pool}; it recorded " +
                $"{after.Requests - before.Requests} and {after.Durations - before.Durations}.");
        }

        if (after.Failovers != before.Failovers)
        {
            throw new InvalidOperationException("With both pools healthy, no request may fail over.");
        }
    }

    private void VerifyEndpointAndCookie()
    {
        if (!PoolRoutes.TryGetPool(Context.GetEndpoint()?.DisplayName, out var chosen) || chosen != Pool)
        {
            throw new InvalidOperationException($"The step should run the {Pool} endpoint (the user's pool: no failover).");
        }

        if (Response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            throw new InvalidOperationException("A returning user must not be issued a new sticky cookie.");
        }
    }

    private async Task StartThenCompleteAsync(Task starting)
    {
        await starting.ConfigureAwait(false);
        await Response.CompleteAsync().ConfigureAwait(false);
    }

    private static RouteEndpoint CreateEndpoint(string routeId) =>
        new(static _ => Task.CompletedTask, RoutePatternFactory.Parse("/{**catch-all}"), 0, EndpointMetadataCollection.Empty, routeId);

    private static DefaultHttpContext CreateContext(KestrelLikeResponseFeature response)
    {
        var features = new KestrelLikeFeatures();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature { Headers = KestrelHeaders.CreateRequestHeaders() });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        var context = new DefaultHttpContext(features);
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

/// <summary>The user's pool's samples of the request counter (status 200), duration histogram and failover counter.</summary>
internal readonly record struct RecordedMetrics(double Requests, double Durations, double Failovers);
