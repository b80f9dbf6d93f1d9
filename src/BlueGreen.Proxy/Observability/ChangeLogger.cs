using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Proxy.Observability;

/// <summary>
/// Writes one structured line per change of the routing state: who, what, from, to for a change committed here;
/// the version and the state for one taken from the store (at start-up, or written by another proxy).
/// </summary>
internal sealed class ChangeLogger : IStateChangeObserver
{
    private readonly ILogger<ChangeLogger> _logger;

    public ChangeLogger(ILogger<ChangeLogger> logger)
    {
        _logger = logger;
    }

    public void OnChanged(StateChange change)
    {
        if (change.Audit is not { } audit)
        {
            Log.RoutingStateLoaded(_logger, change.Current.Version, change.Current.Weights.ToString(), change.Current.Stable.Name());
        }
        else if (string.IsNullOrWhiteSpace(audit.Reason))
        {
            // A change without a reason says so in words rather than "reason: (null)".
            Log.RoutingChangedWithoutReason(_logger, audit.Actor, audit.Action, audit.From, audit.To, audit.Version);
        }
        else
        {
            Log.RoutingChanged(_logger, audit.Actor, audit.Action, audit.From, audit.To, audit.Version, audit.Reason);
        }
    }
}
