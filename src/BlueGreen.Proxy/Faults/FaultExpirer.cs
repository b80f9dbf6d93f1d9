using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Faults;

/// <summary>
/// Ends fire drills by themselves: once a second, faults past their expiry are removed from the routing state (audited
/// as <c>fault-expire</c>), on whichever proxy gets there first. Runs under the host's lifetime.
/// </summary>
internal sealed class FaultExpirer : PeriodicService
{
    /// <summary>How often expiries are looked at: a fault ends at most this late.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly RoutingTable _table;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FaultExpirer> _logger;

    public FaultExpirer(RoutingTable table, TrafficSwitch trafficSwitch, TimeProvider timeProvider, ILogger<FaultExpirer> logger)
        : base(CheckInterval, timeProvider)
    {
        _table = table;
        _trafficSwitch = trafficSwitch;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Removes the faults expired now, if any.</summary>
    internal async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_table.Current.Faults.Any(f => f.ExpiresAt <= now))
        {
            await _trafficSwitch.ProposeAsync(FaultChanges.ExpireAction, state => FaultChanges.Expire(state, now), new ChangeRequest("system", "expired"), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => ExpireAsync(cancellationToken);

    // The store may be away: the next tick tries again; the fault stays until then.
    protected override void LogFailure(Exception exception) => Log.FaultExpiryFailed(_logger, exception);
}
