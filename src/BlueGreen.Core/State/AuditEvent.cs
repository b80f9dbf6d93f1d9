namespace BlueGreen.Core.State;

/// <summary>One committed change to the routing state: who did what, from which state to which.</summary>
/// <param name="At">When the change was committed.</param>
/// <param name="Actor">The name of the token that made it (<c>operator</c>, <c>viewer</c>), or <c>system</c>.</param>
/// <param name="Action">What was done: <c>weights</c>, <c>switch</c>, <c>rollback</c>, ...</param>
/// <param name="From">The state before, in words.</param>
/// <param name="To">The state after, in words.</param>
/// <param name="Version">The version the change produced.</param>
/// <param name="Reason">Why, as the caller said it; optional.</param>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Actor,
    string Action,
    string From,
    string To,
    long Version,
    string? Reason);
