using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Rollouts;

/// <summary>
/// Every change of a rollout, as a proposal over the state in force: start, the driver's moves (advance, promote,
/// fail, ramp down, report a dry run) and the operator's (pause, resume, promote, abort). Each one checks that the
/// rollout is still where its caller saw it, so an abort or rollback that landed first always wins over a move
/// computed before it.
/// </summary>
public static class RolloutTransitions
{
    /// <summary>Audit action: a rollout started.</summary>
    public const string StartAction = "rollout-start";

    /// <summary>Audit action: a step passed and the next one's weights apply.</summary>
    public const string StepAction = "rollout-step";

    /// <summary>Audit action: paused, by an operator or by a failed check with <c>onFailure: pause</c>.</summary>
    public const string PauseAction = "rollout-pause";

    /// <summary>Audit action: resumed.</summary>
    public const string ResumeAction = "rollout-resume";

    /// <summary>Audit action: promoted; the canary is the stable pool.</summary>
    public const string PromoteAction = "rollout-promote";

    /// <summary>Audit action: a failed check sent traffic back (or started the ramp down), and the ramp's end.</summary>
    public const string RollbackAction = "rollout-rollback";

    /// <summary>Audit action: an operator aborted it (or started the ramp down), and the ramp's end.</summary>
    public const string AbortAction = "rollout-abort";

    /// <summary>Audit action: one stage of a ramp down back to the stable pool.</summary>
    public const string RampDownAction = "rollout-ramp-down";

    /// <summary>Audit action: in a dry run, a failed check that would have rolled back.</summary>
    public const string DryRunAction = "rollout-dry-run";

    /// <summary>Starts <paramref name="plan"/> from the state in force.</summary>
    public static StateProposal Start(RoutingSnapshot current, RolloutPlan plan, string id, DateTimeOffset now, string? reason)
    {
        if (current.RunningRollout is { } running)
        {
            return StateProposal.Refuse($"Rollout {running.Id} is running ({running.Status.Name()}); promote or abort it first.");
        }

        if (plan.To == current.Stable)
        {
            return StateProposal.Refuse($"{plan.To.Name()} is the stable pool; a rollout moves traffic to the other pool.");
        }

        var rollout = new Rollout(id, plan, current.Stable, RolloutStatus.Progressing, 0, now, now, null, reason, RolloutAnalysis.NotYet);
        return plan.IsPromotion(0)
            ? Promoted(current, rollout, now, rollout.Analysis, $"rollout {id} to {plan.To.Name()} with one step of 100 %")
            : Moved(current, rollout, StepWeights(rollout, 0), $"rollout {id} to {plan.To.Name()}: {StepWords(rollout, 0)}");
    }

    /// <summary>
    /// The step passed: the next step's weights, or the promotion (audited as <see cref="PromoteAction"/>) when the
    /// next step is the last.
    /// </summary>
    /// <param name="current">The state in force.</param>
    /// <param name="id">The rollout the caller judged.</param>
    /// <param name="step">The step it judged.</param>
    /// <param name="analysis">The judgement.</param>
    /// <param name="now">The time now.</param>
    /// <param name="stepStartedAt">When the judged step started; when given, a step restarted since (a pause and resume) refuses the move.</param>
    public static StateProposal Advance(
        RoutingSnapshot current, string id, int step, RolloutAnalysis analysis, DateTimeOffset now, DateTimeOffset? stepStartedAt = null)
    {
        if (Expect(current, id, RolloutStatus.Progressing, step, stepStartedAt) is { } refusal)
        {
            return refusal;
        }

        var rollout = current.Rollout!;
        var next = step + 1;
        if (rollout.Plan.IsPromotion(next))
        {
            // The promotion is audited as one, not as the driver's step: it is what the rollout came to.
            return Promoted(current, rollout, now, analysis, $"rollout {id} promoted after step {step + 1} passed");
        }

        return Moved(
            current,
            rollout with { Step = next, StepStartedAt = now, Analysis = analysis },
            StepWeights(rollout, next),
            $"rollout {id}: {StepWords(rollout, next)}");
    }

    /// <summary>An operator's promotion: the canary takes all traffic at once and becomes the stable pool.</summary>
    public static StateProposal Promote(RoutingSnapshot current, DateTimeOffset now)
    {
        if (current.RunningRollout is not { } rollout)
        {
            return NotRunning(current);
        }

        return rollout.Status == RolloutStatus.RampingDown
            ? StateProposal.Refuse($"Rollout {rollout.Id} is ramping down to {rollout.From.Name()}; a rollback or abort is not undone by a promotion.")
            : Promoted(current, rollout, now, rollout.Analysis, $"rollout {rollout.Id} promoted by an operator");
    }

    /// <summary>
    /// A check failed: hold the weights (<c>onFailure: pause</c>, audited as a pause), or go back to the stable pool,
    /// at once or in stages (audited as a rollback).
    /// </summary>
    public static StateProposal Fail(
        RoutingSnapshot current, string id, int step, RolloutAnalysis analysis, DateTimeOffset now, DateTimeOffset? stepStartedAt = null)
    {
        if (Expect(current, id, RolloutStatus.Progressing, step, stepStartedAt) is { } refusal)
        {
            return refusal;
        }

        var rollout = current.Rollout! with { Analysis = analysis };
        if (rollout.Plan.OnFailure == FailureAction.Pause)
        {
            return Moved(current, rollout with { Status = RolloutStatus.Paused }, current.Weights, $"rollout {id} paused: a check failed").As(PauseAction);
        }

        return Back(current, rollout, RolloutStatus.RolledBack, now, allowRamp: true).As(RollbackAction);
    }

    /// <summary>In a dry run, records once per step that a failed check would have rolled back; nothing else changes.</summary>
    public static StateProposal ReportDryRun(RoutingSnapshot current, string id, int step, RolloutAnalysis analysis, DateTimeOffset? stepStartedAt = null)
    {
        if (Expect(current, id, RolloutStatus.Progressing, step, stepStartedAt) is { } refusal)
        {
            return refusal;
        }

        var rollout = current.Rollout!;
        var action = rollout.Plan.OnFailure == FailureAction.Pause ? "pause" : "roll back";
        return Moved(current, rollout with { Analysis = analysis, DryRunReportedStep = step }, current.Weights, $"rollout {id} (dry run): would {action}");
    }

    /// <summary>The next stage of a ramp down, or its end at the stable pool (audited as the rollback or abort it ends).</summary>
    public static StateProposal RampDownStage(RoutingSnapshot current, string id, DateTimeOffset stageStartedAt, DateTimeOffset now)
    {
        if (current.RunningRollout is not { Status: RolloutStatus.RampingDown } rollout || rollout.Id != id || rollout.StepStartedAt != stageStartedAt)
        {
            return StateProposal.Refuse("The ramp down moved on.");
        }

        var share = rollout.Plan.RampDown!.Next(current.Weights.BasisPointsOf(rollout.Plan.To));
        if (share == 0)
        {
            var end = rollout.RampEndsAs ?? RolloutStatus.RolledBack;
            return Ended(current, rollout, end, now, $"rollout {id} {end.Name()}: all traffic on {rollout.From.Name()}")
                .As(end == RolloutStatus.Aborted ? AbortAction : RollbackAction);
        }

        return Moved(
            current,
            rollout with { StepStartedAt = now },
            PoolWeights.WithShare(rollout.Plan.To, share),
            $"rollout {id} ramping down: {rollout.Plan.To.Name()} {share / 100m} %").As(RampDownAction);
    }

    /// <summary>An operator pauses a progressing rollout: its weights hold.</summary>
    public static StateProposal Pause(RoutingSnapshot current)
    {
        if (current.RunningRollout is not { } rollout)
        {
            return NotRunning(current);
        }

        return rollout.Status != RolloutStatus.Progressing
            ? StateProposal.Refuse($"Rollout {rollout.Id} is {rollout.Status.Name()}, not progressing.")
            : Moved(current, rollout with { Status = RolloutStatus.Paused }, current.Weights, $"rollout {rollout.Id} paused");
    }

    /// <summary>An operator resumes a paused rollout: its step starts again, clock and counts.</summary>
    public static StateProposal Resume(RoutingSnapshot current, DateTimeOffset now)
    {
        if (current.RunningRollout is not { } rollout)
        {
            return NotRunning(current);
        }

        return rollout.Status != RolloutStatus.Paused
            ? StateProposal.Refuse($"Rollout {rollout.Id} is {rollout.Status.Name()}, not paused.")
            : Moved(
                current,
                rollout with { Status = RolloutStatus.Progressing, StepStartedAt = now, Analysis = RolloutAnalysis.NotYet },
                current.Weights,
                $"rollout {rollout.Id} resumed: {StepWords(rollout, rollout.Step)}");
    }

    /// <summary>
    /// An operator aborts: back to the stable pool, in stages when the plan has a ramp down and
    /// <paramref name="allowRamp"/> (an abort) rather than at once (a rollback, which means now).
    /// </summary>
    public static StateProposal Abort(RoutingSnapshot current, DateTimeOffset now, bool allowRamp)
    {
        if (current.RunningRollout is not { } rollout)
        {
            return NotRunning(current);
        }

        // Aborting a ramp down that is under way ends it at once.
        return Back(current, rollout, RolloutStatus.Aborted, now, allowRamp && rollout.Status != RolloutStatus.RampingDown).As(AbortAction);
    }

    private static StateProposal Back(RoutingSnapshot current, Rollout rollout, RolloutStatus end, DateTimeOffset now, bool allowRamp)
    {
        var share = current.Weights.BasisPointsOf(rollout.Plan.To);
        if (allowRamp && rollout.Plan.RampDown is { } ramp && ramp.Next(share) > 0)
        {
            var next = ramp.Next(share);
            return Moved(
                current,
                rollout with { Status = RolloutStatus.RampingDown, RampEndsAs = end, StepStartedAt = now },
                PoolWeights.WithShare(rollout.Plan.To, next),
                $"rollout {rollout.Id} ramping down to {rollout.From.Name()}: {rollout.Plan.To.Name()} {next / 100m} %");
        }

        return Ended(current, rollout, end, now, $"rollout {rollout.Id} {end.Name()}: all traffic on {rollout.From.Name()}");
    }

    private static StateProposal Ended(RoutingSnapshot current, Rollout rollout, RolloutStatus end, DateTimeOffset now, string words) =>
        Moved(current, rollout with { Status = end, EndedAt = now, RampEndsAs = null }, PoolWeights.AllOn(rollout.From), words);

    private static StateProposal Promoted(RoutingSnapshot current, Rollout rollout, DateTimeOffset now, RolloutAnalysis analysis, string words)
    {
        var promoted = rollout with
        {
            Status = RolloutStatus.Promoted,
            Step = rollout.Plan.Steps.Length - 1,
            EndedAt = now,
            Analysis = analysis,
        };
        var next = current with { Weights = PoolWeights.AllOn(rollout.Plan.To), Stable = rollout.Plan.To, Rollout = promoted };
        return StateProposal.Change(next, Describe(current), $"{Describe(next)} ({words})", PromoteAction);
    }

    private static StateProposal Moved(RoutingSnapshot current, Rollout rollout, PoolWeights weights, string words)
    {
        var next = current with { Weights = weights, Rollout = rollout };
        return StateProposal.Change(next, Describe(current), $"{Describe(next)} ({words})");
    }

    private static StateProposal? Expect(RoutingSnapshot current, string id, RolloutStatus status, int step, DateTimeOffset? stepStartedAt) =>
        current.RunningRollout is { } rollout && rollout.Id == id && rollout.Status == status && rollout.Step == step &&
        (stepStartedAt is null || rollout.StepStartedAt == stepStartedAt)
            ? null
            : StateProposal.Refuse($"Rollout {id} moved on: it is no longer {status.Name()} at step {step}.");

    private static StateProposal NotRunning(RoutingSnapshot current) =>
        StateProposal.Refuse(current.Rollout is { } last
            ? $"No rollout is running; the last one, {last.Id}, ended {last.Status.Name()}."
            : "No rollout is running.");

    private static PoolWeights StepWeights(Rollout rollout, int step) => PoolWeights.WithShare(rollout.Plan.To, rollout.Plan.Steps[step]);

    private static string StepWords(Rollout rollout, int step) =>
        $"step {step + 1} of {rollout.Plan.Steps.Length}, {rollout.Plan.To.Name()} {rollout.Plan.Steps[step] / 100m} %";

    private static string Describe(RoutingSnapshot snapshot) => StateWords.Describe(snapshot);
}
