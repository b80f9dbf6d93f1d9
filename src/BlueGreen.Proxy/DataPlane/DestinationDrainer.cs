using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Follows a deleted destination until it has drained: when its in-flight count reaches zero (audit reason
/// <c>drained</c>) or when <c>BlueGreen:Drain:Timeout</c> has passed (<c>timeout</c>), it is forgotten and the
/// audit history says which.
/// </summary>
internal sealed class DestinationDrainer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly DestinationRegistry _registry;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ILogger<DestinationDrainer> _logger;

    public DestinationDrainer(
        DestinationRegistry registry,
        TrafficSwitch trafficSwitch,
        TimeProvider timeProvider,
        BlueGreenOptions options,
        ILogger<DestinationDrainer> logger)
    {
        _registry = registry;
        _trafficSwitch = trafficSwitch;
        _timeProvider = timeProvider;
        _timeout = options.Drain.Timeout;
        _logger = logger;
    }

    /// <summary>Starts waiting for the destination to drain, then removes it; returns at once.</summary>
    public void RemoveWhenDrained(Pool pool, string id, string actor) => _ = RemoveWhenDrainedAsync(pool, id, actor);

    private async Task RemoveWhenDrainedAsync(Pool pool, string id, string actor)
    {
        try
        {
            if (_registry.DepartureOf(pool, id) is not { } departure)
            {
                return; // Back in the pool before the drain began.
            }

            var deadline = _timeProvider.GetUtcNow() + _timeout;
            string reason;
            while (true)
            {
                if (!_registry.TryGetDepartingInFlight(pool, id, departure, out var inFlight))
                {
                    return; // Back in the pool (enabled, or configured again), or deleted again: nothing left to do.
                }

                if (inFlight == 0)
                {
                    reason = "drained";
                    break;
                }

                if (_timeProvider.GetUtcNow() >= deadline)
                {
                    reason = "timeout";
                    break;
                }

                await Task.Delay(PollInterval, _timeProvider).ConfigureAwait(false);
            }

            // The deletion itself is already committed; this records how it ended, unless it came back meanwhile.
            if (!_registry.Forget(pool, id, departure))
            {
                return;
            }

            var name = $"{pool.Name()}/{id}";
            await _trafficSwitch.RecordAsync("destination-removed", $"{name} draining", $"{name} removed", new ChangeRequest(actor, reason), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Core.State.StateStoreUnavailableException)
        {
            // Only the audit event is missing: the deletion was committed and the destination is gone.
            Log.RemovalNotRecorded(_logger, ex, pool.Name(), id);
        }
    }
}
