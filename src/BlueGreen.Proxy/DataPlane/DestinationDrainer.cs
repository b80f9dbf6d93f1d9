using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Removes a deleted destination once it has drained: when its in-flight count reaches zero (audit reason
/// <c>drained</c>) or when <c>BlueGreen:Drain:Timeout</c> has passed (<c>timeout</c>).
/// </summary>
internal sealed class DestinationDrainer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly DestinationRegistry _registry;
    private readonly ProxyConfigApplier _applier;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ILogger<DestinationDrainer> _logger;

    public DestinationDrainer(
        DestinationRegistry registry,
        ProxyConfigApplier applier,
        TrafficSwitch trafficSwitch,
        TimeProvider timeProvider,
        BlueGreenOptions options,
        ILogger<DestinationDrainer> logger)
    {
        _registry = registry;
        _applier = applier;
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
            var deadline = _timeProvider.GetUtcNow() + _timeout;
            string reason;
            while (true)
            {
                if (!_registry.TryGet(pool, id, out var destination) || destination.Mode != DestinationMode.Draining)
                {
                    return; // Enabled again or removed meanwhile: nothing left to do.
                }

                if (_registry.InFlight(pool, destination) == 0)
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

            var name = $"{pool.Name()}/{id}";
            await _trafficSwitch.RecordAsync("destination-removed", $"{name} draining", $"{name} removed", new ChangeRequest(actor, reason), CancellationToken.None)
                .ConfigureAwait(false);
            _registry.Remove(pool, id);
            await _applier.ApplyAsync(_registry.ActiveDestinations()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Core.State.StateStoreUnavailableException or TimeoutException)
        {
            // The destination stays drained (no new requests); an operator can delete it again.
            Log.DrainRemovalFailed(_logger, ex, pool.Name(), id);
        }
    }
}
