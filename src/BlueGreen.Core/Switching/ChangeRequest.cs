namespace BlueGreen.Core.Switching;

/// <summary>Who asks for a change, why, and which version they saw.</summary>
/// <param name="Actor">The name of the token used; goes into the audit event.</param>
/// <param name="Reason">Optional reason kept in the audit event.</param>
/// <param name="ExpectedVersion">When set, the change applies only if this is still the current version.</param>
public readonly record struct ChangeRequest(string Actor, string? Reason = null, long? ExpectedVersion = null);
