namespace BlueGreen.Core.Rollouts;

/// <summary>
/// A progressive rollout as it stands, part of the routing state: stored, versioned and audited with every change,
/// so a restart finds it at the same step. The weights it sets live in the snapshot beside it.
/// </summary>
/// <param name="Id">Its id, unique among rollouts.</param>
/// <param name="Plan">What it was asked to do.</param>
/// <param name="From">The stable pool it started from, and returns to on a rollback or an abort.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Step">The 0-based index into the plan's steps.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="StepStartedAt">When its step (or ramp-down stage) started.</param>
/// <param name="EndedAt">When it ended; null while it runs.</param>
/// <param name="Reason">Why it was started, as the operator said it.</param>
/// <param name="Analysis">The judgement recorded with its last transition.</param>
/// <param name="RampEndsAs">While ramping down: how it will end (rolled back or aborted).</param>
/// <param name="DryRunReportedStep">In a dry run: the step whose failed check was already reported.</param>
public sealed record Rollout(
    string Id,
    RolloutPlan Plan,
    Routing.Pool From,
    RolloutStatus Status,
    int Step,
    DateTimeOffset StartedAt,
    DateTimeOffset StepStartedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    RolloutAnalysis Analysis,
    RolloutStatus? RampEndsAs = null,
    int? DryRunReportedStep = null)
{
    /// <summary>Whether it still runs (and so holds the weights).</summary>
    public bool IsRunning => Status.IsRunning();
}
