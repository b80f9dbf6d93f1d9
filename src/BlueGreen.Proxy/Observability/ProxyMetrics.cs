using System.Globalization;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using Prometheus;

namespace BlueGreen.Proxy.Observability;

/// <summary>
/// BlueGreen's Prometheus metrics, in a registry of this process's own. Label values come only from
/// configuration (pools, destination ids) and from the bounded set of status codes, never from request data,
/// so no client can add a series. Per-request recording uses children resolved once, so it allocates nothing.
/// </summary>
internal sealed class ProxyMetrics : IStateChangeObserver
{
    private const int MinStatusCode = 100;
    private const int MaxStatusCode = 599;
    private const string OtherStatusCode = "other";

    // Perf: the label strings of every status code, made once.
    private static readonly string[] StatusCodeLabels =
        Enumerable.Range(0, MaxStatusCode + 1).Select(code => code.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly Counter _requests;
    private readonly Counter.Child?[][] _requestsByPoolAndCode;
    private readonly Histogram.Child[] _durationByPool;
    private readonly Counter _switches;
    private readonly Counter.Child[] _mirroredByPool;
    private readonly Histogram.Child[] _mirrorDurationByPool;
    private readonly Counter.Child[] _mirrorsDroppedByPool;

    public ProxyMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        _requests = factory.CreateCounter(
            "bluegreen_requests_total",
            "Requests the data plane answered, by the pool they were assigned to and the status code.",
            "pool", "code");
        // 1 ms to 10 s, so both a healthy p50 and a timing-out p99 land in a bucket of their own.
        var latencyBuckets = new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] };
        var duration = factory.CreateHistogram(
            "bluegreen_request_duration_seconds",
            "Time from routing to the end of the response (for a WebSocket, to the upgrade), by pool.",
            ["pool"],
            latencyBuckets);
        var mirrored = factory.CreateCounter(
            "bluegreen_mirrored_requests_total",
            "Mirrored requests (copies of requests to the pool that did not serve them) that got an answer or failed, by the pool they were copied to.",
            "pool");
        var mirrorDuration = factory.CreateHistogram(
            "bluegreen_mirrored_request_duration_seconds",
            "Time from sending a mirrored request to the end of its (discarded) answer, or to its failure, by pool.",
            ["pool"],
            latencyBuckets);
        MirrorErrors = factory.CreateCounter(
            "bluegreen_mirrored_request_errors_total",
            "Mirrored requests that failed, by pool and kind: status (a 5xx answer), transport (no answer) or timeout.",
            "pool", "kind");
        var mirrorsDropped = factory.CreateCounter(
            "bluegreen_mirrored_requests_dropped_total",
            "Requests chosen for mirroring but not copied because the mirrors in flight and queued were at their cap, by pool.",
            "pool");
        MirrorsSkipped = factory.CreateCounter(
            "bluegreen_mirrored_requests_skipped_total",
            "Requests chosen for mirroring but not copied, by pool and reason: body (too large or of unknown length), upgrade (a WebSocket), no_destination.",
            "pool", "reason");
        _switches = factory.CreateCounter(
            "bluegreen_switches_total",
            "Committed routing changes, by action (weights, switch, rollback, ...).",
            "action");
        Failovers = factory.CreateCounter(
            "bluegreen_failovers_total",
            "Requests handed to the other pool because their pool had no healthy destination, by assigned pool.",
            "pool");
        Retries = factory.CreateCounter(
            "bluegreen_retries_total",
            "Requests sent once more after a connection failure before any response byte, by pool.",
            "pool");
        WeightRatio = factory.CreateGauge("bluegreen_pool_weight_ratio", "Each pool's share of new requests, 0 to 1.", "pool");
        StateVersion = factory.CreateGauge("bluegreen_state_version", "The version of the routing state in force.");
        RolloutStep = factory.CreateGauge("bluegreen_rollout_step", "The current step of the progressive rollout (0 when none runs).");
        InjectedFaults = factory.CreateCounter(
            "bluegreen_injected_faults_total", "Requests a fire drill answered with its status or delayed, by pool and kind (status, delay).", "pool", "kind");
        StateStoreUp = factory.CreateGauge("bluegreen_state_store_up", "1 while the state store answers, 0 while it does not (the proxy serves its last state).");
        RolloutStatus = factory.CreateGauge(
            "bluegreen_rollout_status", "1 for the status of the running rollout, else of the last one; 0 for the others.", "status");
        RolloutErrorRatio = factory.CreateGauge(
            "bluegreen_rollout_analysis_error_ratio", "Each pool's error ratio in the rollout's current (or last judged) step.", "pool");
        RolloutP99 = factory.CreateGauge(
            "bluegreen_rollout_analysis_p99_seconds", "Each pool's p99 latency in the rollout's current (or last judged) step; NaN without requests.", "pool");
        RollingStatus = factory.CreateGauge(
            "bluegreen_rolling_status", "1 for the status of each pool's running rolling update, else of its last one; 0 for the others.", "pool", "status");
        RollingUpdated = factory.CreateGauge(
            "bluegreen_rolling_updated_destinations", "Destinations each pool's running (or last) rolling update has updated.", "pool");
        DestinationHealthy = factory.CreateGauge(
            "bluegreen_destination_healthy", "1 when the destination is healthy or not yet probed, 0 when unhealthy.", "pool", "destination");
        DestinationInFlight = factory.CreateGauge(
            "bluegreen_destination_in_flight", "Requests the destination is serving now.", "pool", "destination");
        ClientErrors = factory.CreateCounter(
            "bluegreen_client_errors_total",
            "Data-plane connections and requests cut off because the client broke a limit or a framing rule, by reason; those refused before routing (all but the body and response ones) are in no pool's bluegreen_requests_total.",
            "reason");
        foreach (var reason in ClientErrorReasons.All)
        {
            ClientErrors.WithLabels(reason);
        }

        _requestsByPoolAndCode = PoolNames.All.Select(_ => new Counter.Child?[MaxStatusCode + 1]).ToArray();
        _durationByPool = PoolNames.All.Select(pool => duration.WithLabels(pool.Name())).ToArray();
        _mirroredByPool = PoolNames.All.Select(pool => mirrored.WithLabels(pool.Name())).ToArray();
        _mirrorDurationByPool = PoolNames.All.Select(pool => mirrorDuration.WithLabels(pool.Name())).ToArray();
        _mirrorsDroppedByPool = PoolNames.All.Select(pool => mirrorsDropped.WithLabels(pool.Name())).ToArray();
        foreach (var pool in PoolNames.All)
        {
            Failovers.WithLabels(pool.Name());
            Retries.WithLabels(pool.Name());
        }
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    public Counter Failovers { get; }

    public Counter Retries { get; }

    public Gauge WeightRatio { get; }

    public Gauge StateVersion { get; }

    public Gauge RolloutStep { get; }

    public Gauge RolloutStatus { get; }

    public Gauge StateStoreUp { get; }

    public Gauge RollingStatus { get; }

    public Gauge RollingUpdated { get; }

    public Counter InjectedFaults { get; }

    public Gauge RolloutErrorRatio { get; }

    public Gauge RolloutP99 { get; }

    public Gauge DestinationHealthy { get; }

    public Gauge DestinationInFlight { get; }

    /// <summary>Clients cut off for breaking a limit or a framing rule, by a reason of <see cref="ClientErrorReasons"/>.</summary>
    public Counter ClientErrors { get; }

    public Counter MirrorErrors { get; }

    public Counter MirrorsSkipped { get; }

    /// <summary>Requests chosen for mirroring to <paramref name="pool"/> and dropped at the cap so far.</summary>
    public double MirrorsDropped(Pool pool) => _mirrorsDroppedByPool[(int)pool].Value;

    /// <summary>Mirrored requests to <paramref name="pool"/> that ended so far.</summary>
    public double Mirrored(Pool pool) => _mirroredByPool[(int)pool].Value;

    /// <summary>Counts one answered request and its duration.</summary>
    public void RecordRequest(Pool pool, int statusCode, TimeSpan elapsed)
    {
        var poolIndex = (int)pool;
        RequestCounter(poolIndex, statusCode).Inc();
        _durationByPool[poolIndex].Observe(elapsed.TotalSeconds);
    }

    /// <summary>Counts one mirrored request to <paramref name="pool"/> that ended, and its duration.</summary>
    public void RecordMirror(Pool pool, TimeSpan elapsed)
    {
        _mirroredByPool[(int)pool].Inc();
        _mirrorDurationByPool[(int)pool].Observe(elapsed.TotalSeconds);
    }

    /// <summary>Counts a request that was not mirrored to <paramref name="pool"/> because the mirrors were at their cap.</summary>
    public void RecordMirrorDropped(Pool pool) => _mirrorsDroppedByPool[(int)pool].Inc();

    /// <summary>Counts the changes this proxy committed; one taken from a shared store is counted where it was made.</summary>
    public void OnChanged(StateChange change)
    {
        if (change.Audit is { } audit)
        {
            _switches.WithLabels(audit.Action).Inc();
        }
    }

    private Counter.Child RequestCounter(int poolIndex, int statusCode)
    {
        // Codes outside the valid range share slot 0, labelled "other", so the series stay bounded.
        var slot = statusCode is < MinStatusCode or > MaxStatusCode ? 0 : statusCode;

        // A benign race: two threads may both resolve the child, and the registry hands both the same one.
        return _requestsByPoolAndCode[poolIndex][slot] ??=
            _requests.WithLabels(PoolNames.All[poolIndex].Name(), slot == 0 ? OtherStatusCode : StatusCodeLabels[slot]);
    }
}
