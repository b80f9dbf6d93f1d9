using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Rolling;

/// <summary>
/// Every change of a rolling update, as a proposal over the state in force: start, the driver's moves through a
/// batch (drain, drained, updated, healthy, passed, stopped) and the operator's (continue, pause, resume, abort). A
/// batch's modes change in the same commit as the update's phase, so a restart never finds one without the other.
/// The driver's moves check that the update is still where the driver saw it (id, batch, phase and when the phase
/// started), so an operator's abort or pause that landed first always wins.
/// </summary>
public static class RollingTransitions
{
    /// <summary>Audit action: a rolling update started.</summary>
    public const string StartAction = "rolling-start";

    /// <summary>Audit action: a batch was taken out of rotation to drain.</summary>
    public const string DrainAction = "rolling-drain";

    /// <summary>Audit action: a drained batch waits for its update.</summary>
    public const string AwaitUpdateAction = "rolling-await-update";

    /// <summary>Audit action: a batch was updated (webhook or operator) and is back in rotation.</summary>
    public const string EnableAction = "rolling-enable";

    /// <summary>Audit action: an updated batch is healthy and is judged.</summary>
    public const string JudgeAction = "rolling-judge";

    /// <summary>Audit action: a batch passed its checks.</summary>
    public const string PassAction = "rolling-pass";

    /// <summary>Audit action: every batch passed; the update completed.</summary>
    public const string CompleteAction = "rolling-complete";

    /// <summary>Audit action: a batch failed; it is drained again and the update stopped.</summary>
    public const string StopAction = "rolling-stop";

    /// <summary>Audit action: an operator paused it.</summary>
    public const string PauseAction = "rolling-pause";

    /// <summary>Audit action: an operator resumed it.</summary>
    public const string ResumeAction = "rolling-resume";

    /// <summary>Audit action: an operator aborted it.</summary>
    public const string AbortAction = "rolling-abort";

    /// <summary>Audit action: an operator said the batch is updated.</summary>
    public const string ContinueAction = "rolling-continue";

    /// <summary>Starts <paramref name="plan"/>; refused while any rolling update runs.</summary>
    public static StateProposal Start(RoutingSnapshot current, RollingPlan plan, string id, DateTimeOffset now, string? reason)
    {
        if (current.RunningRollingUpdate is { } running)
        {
            return StateProposal.Refuse(
                $"Rolling update {running.Id} of {running.Plan.Pool.Name()} is running ({running.Status.Name()}); let it end or abort it first.");
        }

        var update = new RollingUpdate(
            id, plan, RollingStatus.Progressing, 0, RollingPhase.Pending, [], now, now, null, reason, RollingAnalysis.NotYet);
        var batches = string.Join(" ", plan.Batches.Select(batch => $"[{string.Join(", ", batch)}]"));
        return Changed(current, update, current.Destinations, "-", $"rolling {id} of {plan.Pool.Name()} started: batches {batches}");
    }

    /// <summary>Takes the pending batch out of rotation: its destinations drain.</summary>
    public static StateProposal Drain(RoutingSnapshot current, ConfiguredPools configured, string id, int batch, DateTimeOffset now)
    {
        if (Expect(current, id, batch, RollingPhase.Pending, null) is { } refusal)
        {
            return refusal;
        }

        var update = Running(current);
        return Changed(
            current,
            update with { Phase = RollingPhase.Draining, PhaseStartedAt = now },
            WithModes(configured, current.Destinations, update, DestinationMode.Draining),
            Words(update),
            $"{Words(update)} draining").As(DrainAction);
    }

    /// <summary>The batch is drained (or its drain timed out): it waits for its update.</summary>
    public static StateProposal Drained(RoutingSnapshot current, string id, int batch, DateTimeOffset phaseStartedAt, DateTimeOffset now, string detail)
    {
        if (Expect(current, id, batch, RollingPhase.Draining, phaseStartedAt) is { } refusal)
        {
            return refusal;
        }

        var update = Running(current);
        var how = update.Plan.Update is { } hook ? $"the update webhook {hook.Url}" : "an operator's continue";
        return Changed(
            current,
            update with
            {
                Phase = RollingPhase.Updating,
                Status = RollingStatus.WaitingForUpdate,
                PhaseStartedAt = now,
                Analysis = update.Analysis.Saying(Verdict.Waiting, $"{detail}; waiting for {how}"),
            },
            current.Destinations,
            $"{Words(update)} draining",
            $"{Words(update)} waiting for {how}").As(AwaitUpdateAction);
    }

    /// <summary>
    /// The update webhook answered 2xx for the batch: it is back in rotation. Fenced on when the update phase
    /// started, so an answer to a call made before a pause and resume does not count twice.
    /// </summary>
    public static StateProposal Updated(
        RoutingSnapshot current, ConfiguredPools configured, string id, int batch, DateTimeOffset phaseStartedAt, DateTimeOffset now, string detail)
    {
        if (Expect(current, id, batch, RollingPhase.Updating, phaseStartedAt) is { } refusal)
        {
            return refusal;
        }

        return Enabled(current, configured, Running(current), now, detail);
    }

    /// <summary>An operator says the batch that waits for <c>continue</c> is updated: it is back in rotation.</summary>
    public static StateProposal Continue(RoutingSnapshot current, ConfiguredPools configured, Pool pool, DateTimeOffset now)
    {
        if (RunningOf(current, pool) is not { } update)
        {
            return NotRunning(current, pool);
        }

        if (update.Status != RollingStatus.WaitingForUpdate)
        {
            return StateProposal.Refuse($"Rolling update {update.Id} is {update.Status.Name()} ({update.Phase.Name()}), not waiting for an update.");
        }

        return update.Plan.Update is { } hook
            ? StateProposal.Refuse($"Rolling update {update.Id} updates its batches through the webhook {hook.Url}, not by continue.")
            : Enabled(current, configured, update, now, "an operator said the batch is updated");
    }

    /// <summary>Every destination of the updated batch is healthy: it serves and is judged.</summary>
    public static StateProposal Healthy(RoutingSnapshot current, string id, int batch, DateTimeOffset phaseStartedAt, DateTimeOffset now, string detail)
    {
        if (Expect(current, id, batch, RollingPhase.Enabling, phaseStartedAt) is { } refusal)
        {
            return refusal;
        }

        var update = Running(current);
        return Changed(
            current,
            update with { Phase = RollingPhase.Judging, PhaseStartedAt = now, Analysis = update.Analysis.Saying(Verdict.Waiting, detail) },
            current.Destinations,
            $"{Words(update)} enabled",
            $"{Words(update)} healthy, judged").As(JudgeAction);
    }

    /// <summary>The batch passed its checks: the next batch is pending, or the update completed.</summary>
    public static StateProposal Passed(
        RoutingSnapshot current, string id, int batch, DateTimeOffset phaseStartedAt, RollingAnalysis analysis, DateTimeOffset now)
    {
        if (Expect(current, id, batch, RollingPhase.Judging, phaseStartedAt) is { } refusal)
        {
            return refusal;
        }

        var update = Running(current) with { Analysis = analysis };
        if (batch == update.Plan.Batches.Length - 1)
        {
            return Changed(
                current,
                update with { Status = RollingStatus.Completed, EndedAt = now },
                current.Destinations,
                $"{Words(update)} judged",
                $"rolling {id} of {update.Plan.Pool.Name()} completed: {update.Updated.Length} destinations updated").As(CompleteAction);
        }

        var next = update with { Batch = batch + 1, Phase = RollingPhase.Pending, PhaseStartedAt = now };
        return Changed(current, next, current.Destinations, $"{Words(update)} judged", $"{Words(update)} passed; {Words(next)} next").As(PassAction);
    }

    /// <summary>
    /// The batch failed (its checks, its update webhook, or its health): it is drained again, the batches after it
    /// stay as they are, and the update stops so it can be reverted early.
    /// </summary>
    public static StateProposal Stop(
        RoutingSnapshot current,
        ConfiguredPools configured,
        string id,
        int batch,
        RollingPhase phase,
        DateTimeOffset phaseStartedAt,
        RollingAnalysis analysis,
        DateTimeOffset now)
    {
        if (Expect(current, id, batch, phase, phaseStartedAt) is { } refusal)
        {
            return refusal;
        }

        var update = Running(current);
        return Changed(
            current,
            update with { Status = RollingStatus.Stopped, EndedAt = now, Analysis = analysis },
            WithModes(configured, current.Destinations, update, DestinationMode.Draining),
            $"{Words(update)} {phase.Name()}",
            $"rolling {id} stopped: {Words(update)} drained again ({analysis.Detail})").As(StopAction);
    }

    /// <summary>An operator holds the update where it stands.</summary>
    public static StateProposal Pause(RoutingSnapshot current, Pool pool)
    {
        if (RunningOf(current, pool) is not { } update)
        {
            return NotRunning(current, pool);
        }

        return update.Status == RollingStatus.Paused
            ? StateProposal.Refuse($"Rolling update {update.Id} is paused already.")
            : Changed(current, update with { Status = RollingStatus.Paused }, current.Destinations, Words(update), $"{Words(update)} paused");
    }

    /// <summary>An operator resumes a paused update: its phase starts again, clock and figures.</summary>
    public static StateProposal Resume(RoutingSnapshot current, Pool pool, DateTimeOffset now)
    {
        if (RunningOf(current, pool) is not { } update)
        {
            return NotRunning(current, pool);
        }

        if (update.Status != RollingStatus.Paused)
        {
            return StateProposal.Refuse($"Rolling update {update.Id} is {update.Status.Name()}, not paused.");
        }

        var status = update.Phase == RollingPhase.Updating ? RollingStatus.WaitingForUpdate : RollingStatus.Progressing;
        return Changed(current, update with { Status = status, PhaseStartedAt = now }, current.Destinations, $"{Words(update)} paused", $"{Words(update)} resumed");
    }

    /// <summary>
    /// An operator aborts: the update ends where it stands. A batch still draining (not updated) goes back into
    /// rotation; one being updated stays drained, as its update may be half done; updated ones stay in rotation.
    /// </summary>
    public static StateProposal Abort(RoutingSnapshot current, ConfiguredPools configured, Pool pool, DateTimeOffset now)
    {
        if (RunningOf(current, pool) is not { } update)
        {
            return NotRunning(current, pool);
        }

        var destinations = update.Phase == RollingPhase.Draining
            ? WithModes(configured, current.Destinations, update, DestinationMode.Active)
            : current.Destinations;
        var left = update.Phase switch
        {
            RollingPhase.Draining => "; the draining batch is back in rotation",
            RollingPhase.Updating => "; the batch being updated stays drained until enabled",
            _ => "",
        };
        return Changed(
            current, update with { Status = RollingStatus.Aborted, EndedAt = now }, destinations, Words(update), $"rolling {update.Id} aborted at {Words(update)}{left}");
    }

    private static StateProposal Enabled(RoutingSnapshot current, ConfiguredPools configured, RollingUpdate update, DateTimeOffset now, string detail) =>
        Changed(
            current,
            update with
            {
                Phase = RollingPhase.Enabling,
                Status = RollingStatus.Progressing,
                PhaseStartedAt = now,
                Updated = update.Updated.AddRange(update.CurrentBatch.Where(id => !update.Updated.Contains(id))),
                Analysis = update.Analysis.Saying(Verdict.Waiting, $"{detail}; waiting for the batch to be healthy"),
            },
            WithModes(configured, current.Destinations, update, DestinationMode.Active),
            $"{Words(update)} waiting for its update",
            $"{Words(update)} updated ({detail}), back in rotation").As(EnableAction);

    /// <summary>The overrides with every destination of the current batch that is still a member set to <paramref name="mode"/>.</summary>
    private static DestinationOverrides WithModes(ConfiguredPools configured, DestinationOverrides overrides, RollingUpdate update, DestinationMode mode)
    {
        // A destination deleted meanwhile is simply no longer part of the batch.
        foreach (var id in update.CurrentBatch)
        {
            if (MembershipChanges.SetMode(configured, overrides, update.Plan.Pool, id, mode, departing: null) is { } change)
            {
                overrides = change.Next;
            }
        }

        return overrides;
    }

    private static StateProposal Changed(RoutingSnapshot current, RollingUpdate update, DestinationOverrides destinations, string from, string to)
    {
        var others = current.RollingUpdates.Where(u => u.Plan.Pool != update.Plan.Pool);
        var next = current with
        {
            Destinations = destinations,
            RollingUpdates = [.. others.Append(update).OrderBy(u => u.Plan.Pool)],
        };
        return StateProposal.Change(next, from, to);
    }

    private static RollingUpdate Running(RoutingSnapshot current) => current.RunningRollingUpdate!;

    private static RollingUpdate? RunningOf(RoutingSnapshot current, Pool pool) =>
        current.RollingUpdateOf(pool) is { IsRunning: true } update ? update : null;

    private static StateProposal? Expect(RoutingSnapshot current, string id, int batch, RollingPhase phase, DateTimeOffset? phaseStartedAt) =>
        current.RunningRollingUpdate is { Status: not RollingStatus.Paused } update && update.Id == id && update.Batch == batch &&
        update.Phase == phase && (phaseStartedAt is null || update.PhaseStartedAt == phaseStartedAt)
            ? null
            : StateProposal.Refuse($"Rolling update {id} moved on: it is no longer at batch {batch + 1}, {phase.Name()}.");

    private static StateProposal NotRunning(RoutingSnapshot current, Pool pool) =>
        StateProposal.Refuse(current.RollingUpdateOf(pool) is { } last
            ? $"No rolling update of {pool.Name()} is running; the last one, {last.Id}, ended {last.Status.Name()}."
            : $"No rolling update of {pool.Name()} is running.");

    private static string Words(RollingUpdate update) =>
        $"rolling {update.Id} of {update.Plan.Pool.Name()}: batch {update.Batch + 1} of {update.Plan.Batches.Length} " +
        $"[{string.Join(", ", update.CurrentBatch)}]";
}
