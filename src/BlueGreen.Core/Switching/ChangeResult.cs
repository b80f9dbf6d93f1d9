using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Switching;

/// <summary>The outcome of a change and the snapshot in force after it.</summary>
/// <param name="Outcome">Whether the change was applied.</param>
/// <param name="Snapshot">The snapshot in force now: the new one when applied, the unchanged one otherwise.</param>
/// <param name="Detail">For a conflict: why the change no longer fits the state.</param>
public sealed record ChangeResult(ChangeOutcome Outcome, RoutingSnapshot Snapshot, string? Detail = null);
