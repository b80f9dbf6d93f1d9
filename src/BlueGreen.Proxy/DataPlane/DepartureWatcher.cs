using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Watches deleted destinations until they have drained: when a departing destination's in-flight count reaches
/// zero (audit reason <c>drained</c>) or <c>BlueGreen:Drain:Timeout</c> has passed since its deletion
/// (<c>timeout</c>), it is forgotten, and the audit history says which; at a timeout, the WebSockets still open on it
/// are closed (ordinary requests are left to finish on their own). Runs under the host's lifetime.
/// </summary>
internal sealed class DepartureWatcher : BackgroundService
{
    /// <summary>How often departures are looked at while there are any.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private const int RecordAttempts = 3;

    private readonly PoolMembership _membership;
    private readonly DestinationRegistry _registry;
    private readonly UpgradedConnections _upgraded;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ILogger<DepartureWatcher> _logger;

    public DepartureWatcher(
        PoolMembership membership,
        DestinationRegistry registry,
        UpgradedConnections upgraded,
        TrafficSwitch trafficSwitch,
        TimeProvider timeProvider,
        BlueGreenOptions options,
        ILogger<DepartureWatcher> logger)
    {
        _membership = membership;
        _registry = registry;
        _upgraded = upgraded;
        _trafficSwitch = trafficSwitch;
        _timeProvider = timeProvider;
        _timeout = options.Drain.Timeout;
        _logger = logger;
    }

    /// <summary>
    /// Looks at every departure once: forgets those drained or timed out, and records their removal when this
    /// proxy deleted them. Returns how many are still departing.
    /// </summary>
    internal async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var departing = 0;
        foreach (var departure in _registry.Departures())
        {
            if (!_registry.TryGetInFlight(departure, out var inFlight))
            {
                continue; // Back in the pool, or deleted again since: nothing left to do for this one.
            }

            var reason = inFlight == 0 ? "drained" : now >= departure.Since + _timeout ? "timeout" : null;
            if (reason is null)
            {
                departing++;
                continue;
            }

            if (!_registry.Forget(departure))
            {
                continue;
            }

            if (inFlight > 0 && _upgraded.CloseAll(departure.Pool, departure.Member.Id) is var closed and > 0)
            {
                Log.UpgradedConnectionsClosed(_logger, closed, departure.Pool.Name(), departure.Member.Id, _timeout);
            }

            if (departure.DeletedBy is { } actor)
            {
                await RecordRemovalAsync(departure, actor, reason, cancellationToken).ConfigureAwait(false);
            }
        }

        return departing;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _membership.WaitForDepartureAsync(stoppingToken).ConfigureAwait(false);
                while (await CheckAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    await Task.Delay(PollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: departures still draining end with the process, as their requests do.
        }
    }

    private async Task RecordRemovalAsync(Departure departure, string actor, string reason, CancellationToken cancellationToken)
    {
        var name = $"{departure.Pool.Name()}/{departure.Member.Id}";
        try
        {
            // The deletion itself is already committed: this records how it ended. A version mismatch means this
            // proxy was behind a shared store; the switch has caught up, so the next try commits.
            for (var attempt = 1; ; attempt++)
            {
                var result = await _trafficSwitch.RecordAsync(
                    "destination-removed", $"{name} draining", $"{name} removed", new ChangeRequest(actor, reason), cancellationToken)
                    .ConfigureAwait(false);
                if (result.Outcome == ChangeOutcome.Applied)
                {
                    return;
                }

                if (attempt == RecordAttempts)
                {
                    throw new InvalidOperationException($"the store answered {result.Outcome} {RecordAttempts} times");
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the audit event is missing: the destination is gone either way.
            Log.RemovalNotRecorded(_logger, ex, departure.Pool.Name(), departure.Member.Id);
        }
    }
}
