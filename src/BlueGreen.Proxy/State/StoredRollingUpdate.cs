using System.Collections.Immutable;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.State;

/// <summary>A rolling update as stores serialize it: its plan, where it stands, and the judgement of its last transition.</summary>
internal sealed class StoredRollingUpdate
{
    public string Id { get; set; } = "";

    public string Pool { get; set; } = "";

    public string Status { get; set; } = "";

    public int Batch { get; set; }

    public string Phase { get; set; } = "";

    public List<List<string>> Batches { get; set; } = [];

    public List<string> Updated { get; set; } = [];

    public TimeSpan Pause { get; set; }

    public TimeSpan DrainTimeout { get; set; }

    public TimeSpan HealthTimeout { get; set; }

    public Uri? UpdateUrl { get; set; }

    public TimeSpan? UpdateTimeout { get; set; }

    public double MaxErrorRate { get; set; }

    public double? MaxP99Ms { get; set; }

    public int MinRequests { get; set; }

    public bool Sequential { get; set; }

    public double Alpha { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset PhaseStartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Reason { get; set; }

    public string Verdict { get; set; } = "";

    public string Detail { get; set; } = "";

    public StoredPoolFigures UpdatedFigures { get; set; } = new();

    public StoredPoolFigures NotUpdatedFigures { get; set; } = new();

    public static StoredRollingUpdate Of(RollingUpdate update) => new()
    {
        Id = update.Id,
        Pool = update.Plan.Pool.Name(),
        Status = update.Status.Name(),
        Batch = update.Batch,
        Phase = update.Phase.Name(),
        Batches = [.. update.Plan.Batches.Select(batch => batch.ToList())],
        Updated = [.. update.Updated],
        Pause = update.Plan.Pause,
        DrainTimeout = update.Plan.DrainTimeout,
        HealthTimeout = update.Plan.HealthTimeout,
        UpdateUrl = update.Plan.Update?.Url,
        UpdateTimeout = update.Plan.Update?.Timeout,
        MaxErrorRate = update.Plan.Analysis.MaxErrorRate,
        MaxP99Ms = update.Plan.Analysis.MaxP99Ms,
        MinRequests = update.Plan.Analysis.MinRequests,
        Sequential = update.Plan.Analysis.Sequential,
        Alpha = update.Plan.Analysis.Alpha,
        StartedAt = update.StartedAt,
        PhaseStartedAt = update.PhaseStartedAt,
        EndedAt = update.EndedAt,
        Reason = update.Reason,
        Verdict = update.Analysis.Verdict.Name(),
        Detail = update.Analysis.Detail,
        UpdatedFigures = StoredPoolFigures.Of(update.Analysis.Updated),
        NotUpdatedFigures = StoredPoolFigures.Of(update.Analysis.NotUpdated),
    };

    /// <exception cref="FormatException">The stored rolling update is not a valid one.</exception>
    public RollingUpdate ToRollingUpdate()
    {
        if (string.IsNullOrEmpty(Id) || Batches.Count == 0 || Batches.Any(batch => batch.Count == 0) || Batch < 0 || Batch >= Batches.Count)
        {
            throw Invalid($"batch {Batch} of {Batches.Count}");
        }

        var update = (UpdateUrl, UpdateTimeout) switch
        {
            (null, null) => null,
            ({ IsAbsoluteUri: true } url, { } timeout) when timeout > TimeSpan.Zero => new UpdateHook(url, timeout),
            _ => throw Invalid($"update webhook {UpdateUrl} / {UpdateTimeout}"),
        };
        var plan = new RollingPlan(
            PoolNames.TryParse(Pool, out var pool) ? pool : throw Invalid($"pool '{Pool}'"),
            [.. Batches.Select(batch => batch.ToImmutableArray())],
            Pause >= TimeSpan.Zero ? Pause : throw Invalid($"pause {Pause}"),
            DrainTimeout >= TimeSpan.Zero ? DrainTimeout : throw Invalid($"drain timeout {DrainTimeout}"),
            HealthTimeout > TimeSpan.Zero ? HealthTimeout : throw Invalid($"health timeout {HealthTimeout}"),
            update,
            new AnalysisSettings(MaxErrorRate, MaxP99Ms, MinRequests, Sequential, Alpha));
        return new RollingUpdate(
            Id,
            plan,
            RollingStatusNames.TryParse(Status, out var status) ? status : throw Invalid($"status '{Status}'"),
            Batch,
            RollingPhaseNames.TryParse(Phase, out var phase) ? phase : throw Invalid($"phase '{Phase}'"),
            [.. Updated],
            StartedAt,
            PhaseStartedAt,
            EndedAt,
            Reason,
            new RollingAnalysis(
                VerdictNames.TryParse(Verdict, out var verdict) ? verdict : throw Invalid($"verdict '{Verdict}'"),
                Detail,
                UpdatedFigures.ToFigures(),
                NotUpdatedFigures.ToFigures()));
    }

    private FormatException Invalid(string what) => new($"rolling update {Id}: {what} is not valid");
}
