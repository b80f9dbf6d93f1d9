using BlueGreen.Core.Membership;

namespace BlueGreen.Core.Switching;

/// <summary>A membership change as its caller describes it for the audit history.</summary>
/// <param name="Next">The overrides after the change.</param>
/// <param name="From">The audit event's description of before.</param>
/// <param name="To">The audit event's description of after.</param>
public sealed record DestinationsChange(DestinationOverrides Next, string From, string To);
