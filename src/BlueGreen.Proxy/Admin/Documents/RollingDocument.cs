namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>
/// The rolling document of the contract (section Rolling updates): <c>{ id, pool, status, batch, batches, updated,
/// analysis }</c>, with the phase of the current batch and the plan's settings beside them.
/// </summary>
internal sealed record RollingDocument(
    string Id,
    string Pool,
    string Status,
    int Batch,
    IReadOnlyList<IReadOnlyList<string>> Batches,
    IReadOnlyList<string> Updated,
    string Phase,
    TimeSpan Pause,
    TimeSpan DrainTimeout,
    TimeSpan HealthTimeout,
    UpdateHookDocument? Update,
    DateTimeOffset StartedAt,
    DateTimeOffset PhaseStartedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    RollingAnalysisDocument Analysis);
