using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Rollouts;

/// <summary>
/// What a running rollout does next, from the state in force, the step's figures and the time: judge the step, and
/// pass it (next step or promotion), fail it (per <c>onFailure</c>), report a dry run's failure, or take the next
/// stage of a ramp down. Pure: the driver feeds it figures and a clock and commits the move it returns.
/// </summary>
public static class RolloutMachine
{
    /// <summary>The judgement of the running rollout's step, and the move to commit now, if any.</summary>
    /// <param name="current">The state in force.</param>
    /// <param name="figures">What the step has seen since <paramref name="stepClockStart"/>.</param>
    /// <param name="stepClockStart">
    /// When this process started watching the step: its start, or the restart that interrupted it (a step's clock and
    /// counts restart with the process).
    /// </param>
    /// <param name="now">The time now.</param>
    public static (RolloutAnalysis? Analysis, RolloutMove? Move) Next(
        RoutingSnapshot current, StepFigures figures, DateTimeOffset stepClockStart, DateTimeOffset now)
    {
        if (current.RunningRollout is not { } rollout)
        {
            return (null, null);
        }

        switch (rollout.Status)
        {
            case RolloutStatus.RampingDown:
                var stageStarted = rollout.StepStartedAt;
                return (null, now - stageStarted >= rollout.Plan.RampDown!.Interval
                    ? new RolloutMove(
                        RolloutTransitions.RampDownAction,
                        state => RolloutTransitions.RampDownStage(state, rollout.Id, stageStarted, now),
                        $"ramp down: the next stage after {rollout.Plan.RampDown.Interval}")
                    : null);
            case RolloutStatus.Paused:
                return (RolloutJudge.Judge(rollout.Plan.Analysis, rollout.Plan.To, figures), null);
        }

        var analysis = RolloutJudge.Judge(rollout.Plan.Analysis, rollout.Plan.To, figures);
        var (id, step, started, settings) = (rollout.Id, rollout.Step, rollout.StepStartedAt, rollout.Plan.Analysis);
        if (analysis.Verdict == Verdict.Fail && !settings.DryRun)
        {
            return (analysis, new RolloutMove(
                RolloutTransitions.RollbackAction, state => RolloutTransitions.Fail(state, id, step, analysis, now, started), analysis.Detail));
        }

        if (analysis.Verdict == Verdict.Fail && rollout.DryRunReportedStep != step)
        {
            return (analysis, new RolloutMove(
                RolloutTransitions.DryRunAction, state => RolloutTransitions.ReportDryRun(state, id, step, analysis, started), analysis.Detail));
        }

        // A dry run never acts on a failure: with enough traffic, its step passes on time like a healthy one.
        var judged = analysis.Verdict == Verdict.Pass || (analysis.Verdict == Verdict.Fail && settings.DryRun);
        if (judged && now - stepClockStart >= rollout.Plan.StepInterval)
        {
            return (analysis, new RolloutMove(
                RolloutTransitions.StepAction, state => RolloutTransitions.Advance(state, id, step, analysis, now, started), analysis.Detail));
        }

        return (analysis, null);
    }
}
