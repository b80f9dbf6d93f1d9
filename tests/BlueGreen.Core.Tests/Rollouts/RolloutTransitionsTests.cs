using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using static BlueGreen.Core.Tests.Rollouts.RolloutScenarios;

namespace BlueGreen.Core.Tests.Rollouts;

public sealed class RolloutTransitionsTests
{
    private static readonly DateTimeOffset Later = StartTime.AddMinutes(1);

    [Fact]
    public void Start_FromStableBlue_GivesTheCanaryTheFirstStep()
    {
        var next = Started(Plan());

        Assert.Equal(PoolWeights.FromGreenBasisPoints(500), next.Weights);
        Assert.Equal(Pool.Blue, next.Stable);
        var rollout = next.RunningRollout!;
        Assert.Equal((Id, Pool.Blue, RolloutStatus.Progressing, 0), (rollout.Id, rollout.From, rollout.Status, rollout.Step));
        Assert.Equal((StartTime, StartTime, (DateTimeOffset?)null), (rollout.StartedAt, rollout.StepStartedAt, rollout.EndedAt));
    }

    [Fact]
    public void Start_CanaryBlue_GivesBlueTheFirstStep() =>
        Assert.Equal(500, Started(Plan(to: Pool.Blue)).Weights.BlueBasisPoints);

    [Fact]
    public void Start_ARolloutRuns_IsRefused()
    {
        var proposal = RolloutTransitions.Start(Started(Plan()), Plan(), "r-2", Later, null);

        Assert.Null(proposal.Next);
        Assert.Contains(Id, proposal.Refusal);
    }

    [Fact]
    public void Start_ToTheStablePool_IsRefused() =>
        Assert.Null(RolloutTransitions.Start(AllOn(Pool.Green), Plan(to: Pool.Green), Id, StartTime, null).Next);

    [Fact]
    public void Start_OneStepOfAHundred_PromotesAtOnce()
    {
        var next = Started(Plan(steps: [10_000]));

        Assert.Equal((PoolWeights.AllGreen, Pool.Green), (next.Weights, next.Stable));
        Assert.Equal(RolloutStatus.Promoted, next.Rollout!.Status);
        Assert.Null(next.RunningRollout);
    }

    [Fact]
    public void Advance_AMiddleStepPassed_AppliesTheNextStepsWeights()
    {
        var started = Started(Plan());

        var next = Apply(started, RolloutTransitions.Advance(started, Id, 0, Judged(Verdict.Pass), Later));

        Assert.Equal(PoolWeights.FromGreenBasisPoints(2_500), next.Weights);
        Assert.Equal((1, Later, Verdict.Pass), (next.Rollout!.Step, next.Rollout.StepStartedAt, next.Rollout.Analysis.Verdict));
    }

    [Fact]
    public void Advance_TheStepBeforeTheLastPassed_Promotes()
    {
        var state = Started(Plan(steps: [500, 10_000]));

        var next = Apply(state, RolloutTransitions.Advance(state, Id, 0, Judged(Verdict.Pass), Later));

        Assert.Equal((PoolWeights.AllGreen, Pool.Green), (next.Weights, next.Stable));
        Assert.Equal((RolloutStatus.Promoted, 1, Later), (next.Rollout!.Status, next.Rollout.Step, next.Rollout.EndedAt));
    }

    [Fact]
    public void Advance_TheStepBeforeTheLastPassed_IsAuditedAsAPromotion() =>
        Assert.Equal(
            RolloutTransitions.PromoteAction,
            RolloutTransitions.Advance(Started(Plan(steps: [500, 10_000])), Id, 0, Judged(Verdict.Pass), Later).Action);

    [Fact]
    public void Advance_AMiddleStepPassed_IsAuditedAsTheCallersStep() =>
        Assert.Null(RolloutTransitions.Advance(Started(Plan()), Id, 0, Judged(Verdict.Pass), Later).Action);

    [Theory]
    [InlineData("r-other", 0)]
    [InlineData(Id, 1)]
    public void Advance_IdOrStepMovedOn_IsRefused(string id, int step) =>
        Assert.Null(RolloutTransitions.Advance(Started(Plan()), id, step, Judged(Verdict.Pass), Later).Next);

    [Fact]
    public void Advance_Paused_IsRefused()
    {
        var started = Started(Plan());
        var paused = Apply(started, RolloutTransitions.Pause(started));

        Assert.Null(RolloutTransitions.Advance(paused, Id, 0, Judged(Verdict.Pass), Later).Next);
    }

    [Fact]
    public void Pause_Progressing_PausesAndHoldsTheWeights()
    {
        var started = Started(Plan());

        var paused = Apply(started, RolloutTransitions.Pause(started));

        Assert.Equal((RolloutStatus.Paused, started.Weights), (paused.Rollout!.Status, paused.Weights));
    }

    [Fact]
    public void Resume_PausedByAFailedCheck_RestartsTheStepClockAndAnalysis()
    {
        var started = Started(Plan(onFailure: FailureAction.Pause));
        var paused = Apply(started, RolloutTransitions.Fail(started, Id, 0, Judged(Verdict.Fail), StartTime.AddSeconds(10)));

        var resumed = Apply(paused, RolloutTransitions.Resume(paused, Later));

        Assert.Equal((RolloutStatus.Progressing, 0, Later), (resumed.Rollout!.Status, resumed.Rollout.Step, resumed.Rollout.StepStartedAt));
        Assert.Same(RolloutAnalysis.NotYet, resumed.Rollout.Analysis);
        Assert.Equal(started.Weights, resumed.Weights);
    }

    [Fact]
    public void AdvanceAndFail_JudgedBeforeAPauseAndResume_AreRefusedAfterIt()
    {
        var started = Started(Plan());
        var judgedAt = started.Rollout!.StepStartedAt;
        var paused = Apply(started, RolloutTransitions.Pause(started));
        var resumed = Apply(paused, RolloutTransitions.Resume(paused, Later));

        Assert.Null(RolloutTransitions.Advance(resumed, Id, 0, Judged(Verdict.Pass), Later, judgedAt).Next);
        Assert.Null(RolloutTransitions.Fail(resumed, Id, 0, Judged(Verdict.Fail), Later, judgedAt).Next);
        Assert.NotNull(RolloutTransitions.Advance(resumed, Id, 0, Judged(Verdict.Pass), Later, Later).Next);
    }

    [Fact]
    public void Resume_Progressing_IsRefused() => Assert.Null(RolloutTransitions.Resume(Started(Plan()), Later).Next);

    [Fact]
    public void Promote_Paused_PromotesAtOnce()
    {
        var started = Started(Plan());
        var paused = Apply(started, RolloutTransitions.Pause(started));

        var next = Apply(paused, RolloutTransitions.Promote(paused, Later));

        Assert.Equal((PoolWeights.AllGreen, Pool.Green, RolloutStatus.Promoted), (next.Weights, next.Stable, next.Rollout!.Status));
    }

    [Fact]
    public void Promote_NoneRunning_IsRefused() => Assert.Null(RolloutTransitions.Promote(AllOn(Pool.Blue), Later).Next);

    [Fact]
    public void ReportDryRun_AFailedCheck_RecordsTheStepAndKeepsTheWeights()
    {
        var started = Started(Plan(analysis: new AnalysisSettings(DryRun: true)));

        var next = Apply(started, RolloutTransitions.ReportDryRun(started, Id, 0, Judged(Verdict.Fail)));

        Assert.Equal(started.Weights, next.Weights);
        Assert.Equal((0, RolloutStatus.Progressing, Verdict.Fail), (next.Rollout!.DryRunReportedStep, next.Rollout.Status, next.Rollout.Analysis.Verdict));
        Assert.Contains("dry run", RolloutTransitions.ReportDryRun(started, Id, 0, Judged(Verdict.Fail)).To);
    }
}
