namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>The rollout document of the contract (section Rollouts), with the step interval beside it.</summary>
internal sealed record RolloutDocument(
    string Id,
    string To,
    string From,
    string Status,
    int Step,
    IReadOnlyList<decimal> Steps,
    WeightsDocument Weights,
    DateTimeOffset StepStartedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    TimeSpan StepInterval,
    RolloutAnalysisDocument Analysis);
