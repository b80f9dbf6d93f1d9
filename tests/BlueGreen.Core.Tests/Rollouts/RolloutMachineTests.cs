using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using Microsoft.Extensions.Time.Testing;
using static BlueGreen.Core.Tests.Rollouts.RolloutScenarios;

namespace BlueGreen.Core.Tests.Rollouts;

public sealed class RolloutMachineTests
{
    private readonly FakeTimeProvider _time = new(StartTime);

    [Fact]
    public void Next_NoRollout_DoesNothing()
    {
        var (analysis, move) = RolloutMachine.Next(AllOn(Pool.Blue), Healthy(), StartTime, StartTime);

        Assert.Null(analysis);
        Assert.Null(move);
    }

    [Fact]
    public void Next_TooFewRequestsAfterTheInterval_WaitsWithoutAMove()
    {
        _time.Advance(StepInterval * 10);

        var (analysis, move) = RolloutMachine.Next(Started(Plan()), Healthy(canaryRequests: 19), StartTime, _time.GetUtcNow());

        Assert.Equal(Verdict.Waiting, analysis!.Verdict);
        Assert.Null(move);
    }

    [Fact]
    public void Next_PassingBeforeTheInterval_DoesNotMove()
    {
        _time.Advance(StepInterval - TimeSpan.FromTicks(1));

        var (analysis, move) = RolloutMachine.Next(Started(Plan()), Healthy(), StartTime, _time.GetUtcNow());

        Assert.Equal(Verdict.Pass, analysis!.Verdict);
        Assert.Null(move);
    }

    [Fact]
    public void Next_PassingOnceTheIntervalPassedSinceTheStepClockStart_Advances()
    {
        var state = Started(Plan());
        var clockStart = StartTime.AddSeconds(20); // a restart mid-step: the step's clock started again
        _time.Advance(StepInterval);

        Assert.Null(RolloutMachine.Next(state, Healthy(), clockStart, _time.GetUtcNow()).Move);
        _time.Advance(TimeSpan.FromSeconds(20));
        var move = RolloutMachine.Next(state, Healthy(), clockStart, _time.GetUtcNow()).Move;

        Assert.Equal(RolloutTransitions.StepAction, move!.Action);
        var next = Apply(state, move.Propose(state));
        Assert.Equal((1, 2_500), (next.Rollout!.Step, next.Weights.GreenBasisPoints));
    }

    [Fact]
    public void Next_ABreachMidStep_FailsAtOnce()
    {
        var state = Started(Plan());
        _time.Advance(TimeSpan.FromSeconds(1));

        var (analysis, move) = RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow());

        Assert.Equal(Verdict.Fail, analysis!.Verdict);
        Assert.Equal(analysis.Detail, move!.Reason);
        var next = Apply(state, move.Propose(state));
        Assert.Equal((RolloutStatus.RolledBack, PoolWeights.AllBlue), (next.Rollout!.Status, next.Weights));
    }

    [Fact]
    public void Next_DryRunFailing_ReportsOnceThenAdvancesOnTime()
    {
        var state = Started(Plan(analysis: new AnalysisSettings(DryRun: true)));
        _time.Advance(TimeSpan.FromSeconds(1));

        var report = RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow()).Move;
        Assert.Equal(RolloutTransitions.DryRunAction, report!.Action);
        state = Apply(state, report.Propose(state));
        Assert.Equal((0, 500), (state.Rollout!.DryRunReportedStep, state.Weights.GreenBasisPoints));

        Assert.Null(RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow()).Move);
        _time.Advance(StepInterval);
        var advance = RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow()).Move;

        Assert.Equal(RolloutTransitions.StepAction, advance!.Action);
        Assert.Equal(2_500, Apply(state, advance.Propose(state)).Weights.GreenBasisPoints);
    }

    [Fact]
    public void Next_RampingDown_MovesOnlyAfterTheRampInterval()
    {
        var state = Started(Plan(rampDown: new RampDown(50, TimeSpan.FromSeconds(5))));
        state = Apply(state, RolloutTransitions.Abort(state, StartTime, allowRamp: true)); // 5 % to 2.5 %
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Null(RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow()).Move);
        _time.Advance(TimeSpan.FromSeconds(1));
        var move = RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow()).Move;

        Assert.Equal(RolloutTransitions.RampDownAction, move!.Action);
        var next = Apply(state, move.Propose(state));
        Assert.Equal((RolloutStatus.RampingDown, 125), (next.Rollout!.Status, next.Weights.GreenBasisPoints));
    }

    [Fact]
    public void Next_Paused_JudgesWithoutAMove()
    {
        var state = Started(Plan());
        state = Apply(state, RolloutTransitions.Pause(state));
        _time.Advance(StepInterval * 2);

        var failing = RolloutMachine.Next(state, Failing(), StartTime, _time.GetUtcNow());
        var healthy = RolloutMachine.Next(state, Healthy(), StartTime, _time.GetUtcNow());

        Assert.Equal((Verdict.Fail, null), (failing.Analysis!.Verdict, failing.Move));
        Assert.Equal((Verdict.Pass, null), (healthy.Analysis!.Verdict, healthy.Move));
    }
}
