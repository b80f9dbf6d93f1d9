using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using BlueGreen.Proxy.Hosting;
using Prometheus;

namespace BlueGreen.Proxy.Observability;

/// <summary>
/// Listens to the data plane's own Kestrel meter for the clients Kestrel cuts off, most before their request is routed
/// (so they are in no pool's <c>bluegreen_requests_total</c>): it counts the connections Kestrel ended for a broken limit
/// in <c>bluegreen_client_errors_total</c>, by Kestrel's reason, and logs the connection cap's refusals once per
/// episode, in place of Kestrel's own line for every refused connection.
/// </summary>
/// <remarks>
/// Perf: Kestrel records one measurement per connection, not per request, and only while someone listens; each is a
/// look at its handful of tags and at most one counter increment.
/// </remarks>
internal sealed class KestrelLimitListener : IHostedService, IDisposable
{
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    private const string ConnectionDuration = "kestrel.connection.duration";
    private const string RejectedConnections = "kestrel.rejected_connections";
    private const string ErrorType = "error.type";

    /// <summary>A refusal after this long without any starts a new episode, and a new log line.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _meters;
    private readonly ConnectionCap _cap;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<KestrelLimitListener> _logger;
    private readonly FrozenDictionary<string, Counter.Child> _byReason;
    private long _lastRefusal;

    public KestrelLimitListener(IMeterFactory meters, ProxyMetrics metrics, ConnectionCap cap, TimeProvider timeProvider, ILogger<KestrelLimitListener> logger)
    {
        _meters = meters;
        _cap = cap;
        _timeProvider = timeProvider;
        _logger = logger;
        _byReason = ClientErrorReasons.All.ToFrozenDictionary(reason => reason, reason => metrics.ClientErrors.WithLabels(reason));
        _lastRefusal = timeProvider.GetTimestamp() - (long)(Quiet.TotalSeconds * timeProvider.TimestampFrequency);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this data plane's Kestrel: other hosts in the process (the admin plane, tests' backends) have their own.
            if (instrument.Meter.Scope == _meters && instrument.Meter.Name == KestrelMeter && instrument.Name is ConnectionDuration or RejectedConnections)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => OnConnectionEnded(tags));
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => OnRefused());
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void OnConnectionEnded(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            // Kestrel's other error types (resets, idle keep-alive timeouts, shutdown) are not a client's hostility.
            if (tag.Key == ErrorType && tag.Value is string reason && _byReason.TryGetValue(reason, out var counter))
            {
                counter.Inc();
                return;
            }
        }
    }

    private void OnRefused()
    {
        var now = _timeProvider.GetTimestamp();
        var previous = Interlocked.Exchange(ref _lastRefusal, now);
        if (_timeProvider.GetElapsedTime(previous, now) >= Quiet)
        {
            Log.ConnectionCapReached(_logger, _cap.Limit ?? 0, _cap.OpenFileLimit ?? 0);
        }
    }
}
