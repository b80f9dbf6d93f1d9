using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.State;

/// <summary>A rollout as stores serialize it: its plan, where it stands, and the judgement of its last transition.</summary>
internal sealed class StoredRollout
{
    public string Id { get; set; } = "";

    public string To { get; set; } = "";

    public string From { get; set; } = "";

    public string Status { get; set; } = "";

    public int Step { get; set; }

    public List<decimal> Steps { get; set; } = [];

    public TimeSpan StepInterval { get; set; }

    public double MaxErrorRate { get; set; }

    public double? MaxP99Ms { get; set; }

    public int MinRequests { get; set; }

    public bool Sequential { get; set; }

    public double Alpha { get; set; }

    public bool DryRun { get; set; }

    public string OnFailure { get; set; } = "";

    public decimal? RampDownPercent { get; set; }

    public TimeSpan? RampDownInterval { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset StepStartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Reason { get; set; }

    public string Verdict { get; set; } = "";

    public string Detail { get; set; } = "";

    public StoredPoolFigures Blue { get; set; } = new();

    public StoredPoolFigures Green { get; set; } = new();

    /// <summary>Absent in files written before rollouts had queries.</summary>
    public List<StoredPrometheusCheck>? Queries { get; set; }

    /// <summary>Absent in files written before rollouts had webhooks.</summary>
    public List<StoredWebhook>? Webhooks { get; set; }

    public string? RampEndsAs { get; set; }

    public int? DryRunReportedStep { get; set; }

    public static StoredRollout Of(Rollout rollout) => new()
    {
        Id = rollout.Id,
        To = rollout.Plan.To.Name(),
        From = rollout.From.Name(),
        Status = rollout.Status.Name(),
        Step = rollout.Step,
        Steps = [.. rollout.Plan.Steps.Select(step => step / 100m)],
        StepInterval = rollout.Plan.StepInterval,
        MaxErrorRate = rollout.Plan.Analysis.MaxErrorRate,
        MaxP99Ms = rollout.Plan.Analysis.MaxP99Ms,
        MinRequests = rollout.Plan.Analysis.MinRequests,
        Sequential = rollout.Plan.Analysis.Sequential,
        Alpha = rollout.Plan.Analysis.Alpha,
        DryRun = rollout.Plan.Analysis.DryRun,
        OnFailure = rollout.Plan.OnFailure == FailureAction.Pause ? "pause" : "rollback",
        RampDownPercent = rollout.Plan.RampDown?.Percent,
        RampDownInterval = rollout.Plan.RampDown?.Interval,
        StartedAt = rollout.StartedAt,
        StepStartedAt = rollout.StepStartedAt,
        EndedAt = rollout.EndedAt,
        Reason = rollout.Reason,
        Verdict = rollout.Analysis.Verdict.Name(),
        Detail = rollout.Analysis.Detail,
        Blue = StoredPoolFigures.Of(rollout.Analysis.Blue),
        Green = StoredPoolFigures.Of(rollout.Analysis.Green),
        Queries = [.. rollout.Plan.Queries.Select(StoredPrometheusCheck.Of)],
        Webhooks = [.. rollout.Plan.Webhooks.Select(StoredWebhook.Of)],
        RampEndsAs = rollout.RampEndsAs?.Name(),
        DryRunReportedStep = rollout.DryRunReportedStep,
    };

    /// <exception cref="FormatException">The stored rollout is not a valid one.</exception>
    public Rollout ToRollout()
    {
        RolloutStatus? rampEndsAs = null;
        if (RampEndsAs is not null)
        {
            rampEndsAs = RolloutStatusNames.TryParse(RampEndsAs, out var end) ? end : throw Invalid($"ramp end '{RampEndsAs}'");
        }

        var plan = new RolloutPlan(
            PoolNames.TryParse(To, out var to) ? to : throw Invalid($"pool '{To}'"),
            [.. Steps.Select(step => PoolWeights.IsValidPercent(step) ? (int)(step * 100) : throw Invalid($"step {step}"))],
            StepInterval > TimeSpan.Zero ? StepInterval : throw Invalid($"step interval {StepInterval}"),
            new AnalysisSettings(MaxErrorRate, MaxP99Ms, MinRequests, Sequential, Alpha, DryRun),
            OnFailure switch { "rollback" => FailureAction.Rollback, "pause" => FailureAction.Pause, _ => throw Invalid($"failure action '{OnFailure}'") },
            (RampDownPercent, RampDownInterval) switch
            {
                (null, null) => null,
                ({ } percent, { } interval) when percent is > 0 and <= 100 && interval > TimeSpan.Zero => new RampDown(percent, interval),
                _ => throw Invalid($"ramp down {RampDownPercent}/{RampDownInterval}"),
            })
        {
            Queries = [.. (Queries ?? []).Select(q => q.ToCheck())],
            Webhooks = [.. (Webhooks ?? []).Select(w => w.ToWebhook())],
        };
        if (string.IsNullOrEmpty(Id) || !plan.HasValidSteps || Step < 0 || Step >= plan.Steps.Length)
        {
            throw Invalid($"id '{Id}', steps [{string.Join(", ", Steps)}] at step {Step}");
        }

        return new Rollout(
            Id,
            plan,
            PoolNames.TryParse(From, out var from) && from != to ? from : throw Invalid($"stable pool '{From}'"),
            RolloutStatusNames.TryParse(Status, out var status) ? status : throw Invalid($"status '{Status}'"),
            Step,
            StartedAt,
            StepStartedAt,
            EndedAt,
            Reason,
            new RolloutAnalysis(
                VerdictNames.TryParse(Verdict, out var verdict) ? verdict : throw Invalid($"verdict '{Verdict}'"),
                Detail,
                Blue.ToFigures(),
                Green.ToFigures()),
            rampEndsAs,
            DryRunReportedStep);
    }

    private FormatException Invalid(string what) => new($"rollout {Id}: {what} is not valid");
}
