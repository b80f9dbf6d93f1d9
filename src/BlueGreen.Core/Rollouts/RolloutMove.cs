using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Rollouts;

/// <summary>A move the rollout driver commits through the switch: its audit action and its proposal over the state in force.</summary>
/// <param name="Action">The audit action (a proposal may name its own).</param>
/// <param name="Propose">Builds the change from the state in force, refusing it when the rollout moved on meanwhile.</param>
/// <param name="Reason">The audit reason: the figures that caused the move.</param>
public sealed record RolloutMove(string Action, Func<RoutingSnapshot, StateProposal> Propose, string Reason);
