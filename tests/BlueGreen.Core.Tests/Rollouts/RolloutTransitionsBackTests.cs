using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using static BlueGreen.Core.Tests.Rollouts.RolloutScenarios;

namespace BlueGreen.Core.Tests.Rollouts;

/// <summary>Failing, aborting and ramping down: every way back to the stable pool.</summary>
public sealed class RolloutTransitionsBackTests
{
    private static readonly DateTimeOffset Later = StartTime.AddMinutes(1);
    private static readonly RampDown Halving = new(50, TimeSpan.FromSeconds(5));

    [Fact]
    public void Fail_RollbackWithoutRamp_EndsRolledBackAtOnce()
    {
        var state = Started(Plan());

        var proposal = RolloutTransitions.Fail(state, Id, 0, Judged(Verdict.Fail), Later);
        var next = Apply(state, proposal);

        Assert.Equal(RolloutTransitions.RollbackAction, proposal.Action);
        Assert.Equal((PoolWeights.AllBlue, Pool.Blue), (next.Weights, next.Stable));
        Assert.Equal((RolloutStatus.RolledBack, Later, Verdict.Fail), (next.Rollout!.Status, next.Rollout.EndedAt, next.Rollout.Analysis.Verdict));
    }

    [Fact]
    public void Fail_RollbackWithRamp_RampsDownFromTheCanarysShare()
    {
        var state = AtQuarter(Plan(rampDown: Halving));

        var proposal = RolloutTransitions.Fail(state, Id, 1, Judged(Verdict.Fail), Later);
        var next = Apply(state, proposal);

        Assert.Equal(RolloutTransitions.RollbackAction, proposal.Action);
        Assert.Equal(1_250, next.Weights.GreenBasisPoints);
        var rollout = next.RunningRollout!;
        Assert.Equal((RolloutStatus.RampingDown, RolloutStatus.RolledBack, Later), (rollout.Status, rollout.RampEndsAs, rollout.StepStartedAt));
    }

    [Fact]
    public void Fail_OnFailurePause_PausesAndHoldsTheWeights()
    {
        var state = AtQuarter(Plan(onFailure: FailureAction.Pause, rampDown: Halving));

        var proposal = RolloutTransitions.Fail(state, Id, 1, Judged(Verdict.Fail), Later);
        var next = Apply(state, proposal);

        Assert.Equal(RolloutTransitions.PauseAction, proposal.Action);
        Assert.Equal((state.Weights, RolloutStatus.Paused), (next.Weights, next.Rollout!.Status));
    }

    [Fact]
    public void Fail_StepMovedOn_IsRefused() =>
        Assert.Null(RolloutTransitions.Fail(AtQuarter(Plan()), Id, 0, Judged(Verdict.Fail), Later).Next);

    [Theory]
    [InlineData(false, RolloutStatus.RolledBack, RolloutTransitions.RollbackAction)]
    [InlineData(true, RolloutStatus.Aborted, RolloutTransitions.AbortAction)]
    public void RampDownStage_UntilTheEnd_StagesThenEndsAsTheRampSaidAuditedSo(bool abort, RolloutStatus end, string endAction)
    {
        var state = AtQuarter(Plan(rampDown: Halving));
        state = Apply(state, abort ? RolloutTransitions.Abort(state, Later, allowRamp: true) : RolloutTransitions.Fail(state, Id, 1, Judged(Verdict.Fail), Later));
        var shares = new List<int> { state.Weights.GreenBasisPoints };
        var now = Later;
        string? lastAction = null;

        while (state.RunningRollout is not null)
        {
            Assert.True(shares.Count < 10, "the ramp down never ends");
            var stageStart = state.Rollout!.StepStartedAt;
            now += Halving.Interval;
            var proposal = RolloutTransitions.RampDownStage(state, Id, stageStart, now);
            state = Apply(state, proposal);
            shares.Add(state.Weights.GreenBasisPoints);
            lastAction = proposal.Action;
        }

        Assert.Equal([1_250, 625, 312, 156, 0], shares);
        Assert.Equal((end, now, (RolloutStatus?)null), (state.Rollout!.Status, state.Rollout.EndedAt, state.Rollout.RampEndsAs));
        Assert.Equal((PoolWeights.AllBlue, Pool.Blue), (state.Weights, state.Stable));
        Assert.Equal(endAction, lastAction);
    }

    [Fact]
    public void RampDownStage_AMiddleStage_IsAuditedAsARampDown()
    {
        var state = RampingDown();

        Assert.Equal(RolloutTransitions.RampDownAction, RolloutTransitions.RampDownStage(state, Id, Later, Later.AddSeconds(5)).Action);
    }

    [Fact]
    public void RampDownStage_TheStageStartMoved_IsRefused()
    {
        var state = RampingDown();

        Assert.Null(RolloutTransitions.RampDownStage(state, Id, StartTime, Later.AddSeconds(5)).Next);
    }

    [Fact]
    public void Promote_RampingDown_IsRefused()
    {
        var proposal = RolloutTransitions.Promote(RampingDown(), Later.AddSeconds(1));

        Assert.Null(proposal.Next);
        Assert.Contains("ramping down", proposal.Refusal);
    }

    [Fact]
    public void Abort_WithRamp_RampsDownToEndAborted()
    {
        var state = AtQuarter(Plan(rampDown: Halving));

        var proposal = RolloutTransitions.Abort(state, Later, allowRamp: true);
        var next = Apply(state, proposal);

        Assert.Equal(RolloutTransitions.AbortAction, proposal.Action);
        Assert.Equal(1_250, next.Weights.GreenBasisPoints);
        Assert.Equal((RolloutStatus.RampingDown, RolloutStatus.Aborted), (next.Rollout!.Status, next.Rollout.RampEndsAs));
    }

    [Fact]
    public void Abort_RampingDown_EndsAbortedAtOnce()
    {
        var state = RampingDown();

        var next = Apply(state, RolloutTransitions.Abort(state, Later.AddSeconds(1), allowRamp: true));

        Assert.Equal(PoolWeights.AllBlue, next.Weights);
        Assert.Equal((RolloutStatus.Aborted, Later.AddSeconds(1)), (next.Rollout!.Status, next.Rollout.EndedAt));
    }

    [Fact]
    public void Abort_NoneRunning_IsRefusedNamingTheLastOne()
    {
        var state = Apply(Started(Plan()), RolloutTransitions.Abort(Started(Plan()), Later, allowRamp: false));

        var proposal = RolloutTransitions.Abort(state, Later, allowRamp: false);

        Assert.Null(proposal.Next);
        Assert.Contains($"{Id}, ended aborted", proposal.Refusal);
    }

    /// <summary>At step 1 (25 % on the canary) of <paramref name="plan"/>.</summary>
    private static RoutingSnapshot AtQuarter(RolloutPlan plan)
    {
        var started = Started(plan);
        return Apply(started, RolloutTransitions.Advance(started, Id, 0, Judged(Verdict.Pass), StartTime.AddSeconds(30)));
    }

    /// <summary>Rolling back from 25 % in halves: 12.5 % on the canary since <see cref="Later"/>.</summary>
    private static RoutingSnapshot RampingDown()
    {
        var state = AtQuarter(Plan(rampDown: Halving));
        return Apply(state, RolloutTransitions.Fail(state, Id, 1, Judged(Verdict.Fail), Later));
    }
}
