namespace BlueGreen.Core.Switching;

/// <summary>
/// Told about every change of the routing state once it is in force, whether committed here or taken from a store
/// that another writer changed: logs, metrics and pool membership follow changes this way.
/// </summary>
public interface IStateChangeObserver
{
    /// <summary>Called once per change, in version order. An exception is logged and never undoes the change.</summary>
    void OnChanged(StateChange change);
}
