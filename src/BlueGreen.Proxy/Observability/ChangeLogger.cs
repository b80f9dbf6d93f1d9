using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;

namespace BlueGreen.Proxy.Observability;

/// <summary>Writes one structured line per committed change: who, what, from, to.</summary>
internal sealed class ChangeLogger : IStateChangeObserver
{
    private readonly ILogger<ChangeLogger> _logger;

    public ChangeLogger(ILogger<ChangeLogger> logger)
    {
        _logger = logger;
    }

    public void OnCommitted(AuditEvent change, RoutingSnapshot snapshot)
    {
        // A change without a reason says so in words rather than "reason: (null)".
        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            Log.RoutingChangedWithoutReason(_logger, change.Actor, change.Action, change.From, change.To, change.Version);
        }
        else
        {
            Log.RoutingChanged(_logger, change.Actor, change.Action, change.From, change.To, change.Version, change.Reason);
        }
    }
}
