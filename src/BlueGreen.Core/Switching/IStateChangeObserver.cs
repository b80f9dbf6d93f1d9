using BlueGreen.Core.Routing;
using BlueGreen.Core.State;

namespace BlueGreen.Core.Switching;

/// <summary>Told about every committed change, after it is in force: logs and metrics follow changes this way.</summary>
public interface IStateChangeObserver
{
    /// <summary>Called once per committed change, with its audit event and the snapshot now in force. Must not throw.</summary>
    void OnCommitted(AuditEvent change, RoutingSnapshot snapshot);
}
