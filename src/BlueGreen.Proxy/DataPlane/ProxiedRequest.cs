using System.Diagnostics;
using System.Runtime.CompilerServices;
using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Observability;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// What the proxy adds to a request once its pool is chosen: <c>X-BlueGreen-Pool</c> naming the pool that
/// serves it, set just before the response headers go out (so also on the proxy's own 502/503 answers, after
/// YARP has cleared the response), and when the response completes, one metrics record and one outcome for the
/// canary analysis, both under the pool the request was assigned to: a request this pool failed that a retry or a
/// failover saved still counts as its failure. A WebSocket (an upgraded connection) is recorded when its upgrade
/// answer starts, with the time it took to open: its whole life would otherwise count as one request's latency, and
/// a rollout would judge a pool by how long its users keep their sockets.
/// </summary>
/// <remarks>
/// Perf: Kestrel reuses each connection's (or HTTP/2 stream's) <see cref="HttpContext"/> and its callback lists,
/// and serves one request on it at a time, so one instance kept per context and two static callbacks make this
/// step allocation-free; an <c>async</c> middleware awaiting the forwarder would allocate its state per request.
/// </remarks>
internal sealed class ProxiedRequest
{
    /// <summary>The response header that names the pool that served.</summary>
    public const string ServedByHeader = "X-BlueGreen-Pool";

    private static readonly ConditionalWeakTable<HttpContext, ProxiedRequest> PerContext = new();
    private static readonly Func<object, Task> NameServingPool = static state => ((ProxiedRequest)state).OnStarting();
    private static readonly Func<object, Task> Record = static state => ((ProxiedRequest)state).OnCompleted();

    private HttpContext _context = null!;
    private ProxyMetrics _metrics = null!;
    private PoolOutcomes _outcomes = null!;
    private Pool _assigned;
    private Pool _served;
    private bool _retried;
    private string? _failedDestination;
    private bool _recorded;
    private long _started;

    /// <summary>The cookie positions of the connection's last Cookie header (see <see cref="CookieValueCache"/>).</summary>
    public CookieValueCache Cookies { get; } = new();

    /// <summary>The instance kept for <paramref name="context"/>, which Kestrel reuses for the connection's requests.</summary>
    public static ProxiedRequest For(HttpContext context) => PerContext.GetValue(context, static _ => new ProxiedRequest());

    /// <summary>Starts the step for a request assigned to <paramref name="assigned"/> and served by <paramref name="served"/>.</summary>
    public void Begin(HttpContext context, Pool assigned, Pool served, ProxyMetrics metrics, PoolOutcomes outcomes)
    {
        _context = context;
        _metrics = metrics;
        _outcomes = outcomes;
        _assigned = assigned;
        _served = served;
        _retried = false;
        _failedDestination = null;
        _recorded = false;
        _started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(NameServingPool, this);
        context.Response.OnCompleted(Record, this);
    }

    /// <summary>
    /// Records that the request is sent once more after <paramref name="failedDestination"/> failed it, to
    /// <paramref name="servedBy"/>.
    /// </summary>
    public static void Retried(HttpContext context, Pool servedBy, string? failedDestination)
    {
        if (PerContext.TryGetValue(context, out var request))
        {
            request._retried = true;
            request._served = servedBy;
            request._failedDestination ??= failedDestination;
        }
    }

    private Task OnStarting()
    {
        var response = _context.Response;
        response.Headers[ServedByHeader] = _served.Name();
        if (UpgradeRequests.OpensTunnel(response.StatusCode, _context.Request.Method))
        {
            RecordOutcome();
        }

        return Task.CompletedTask;
    }

    private Task OnCompleted()
    {
        if (!_recorded)
        {
            RecordOutcome();
        }

        return Task.CompletedTask;
    }

    private void RecordOutcome()
    {
        _recorded = true;
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var statusCode = _context.Response.StatusCode;
        _metrics.RecordRequest(_assigned, statusCode, elapsed);

        // Retries and failover must never hide the assigned pool's failures from the canary analysis.
        var failedOver = _retried || _served != _assigned;
        var failed = failedOver || statusCode >= StatusCodes.Status500InternalServerError;
        var microseconds = (long)elapsed.TotalMicroseconds;
        _outcomes.Record(_assigned, failed, failedOver, microseconds);

        // Only while a rolling update judges a batch: whose request it was, the first destination that failed it.
        if (_outcomes.Cohorts is { } cohorts && cohorts.Pool == _assigned)
        {
            var destination = _failedDestination ?? _context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.DestinationId;
            cohorts.Record(destination, failed, failedOver, microseconds);
        }
    }
}
