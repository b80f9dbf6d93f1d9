using BlueGreen.Core.Analysis;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Core.Tests.Rollouts;

namespace BlueGreen.Core.Tests.Rolling;

public sealed class RollingTransitionsTests
{
    private const string Id = "rl-1";

    private static readonly DateTimeOffset T0 = RolloutScenarios.StartTime;

    private static readonly ConfiguredPools Configured = new(new Dictionary<Pool, IReadOnlyDictionary<string, string>>
    {
        [Pool.Blue] = Enumerable.Range(1, 5).ToDictionary(i => $"b{i}", i => $"http://10.0.0.{i}:80"),
        [Pool.Green] = new Dictionary<string, string> { ["g1"] = "http://10.0.1.1:80" },
    });

    private static readonly RollingPlan Manual = new(
        Pool.Blue, RollingBatches.Cut(["b1", "b2", "b3", "b4", "b5"], 2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30),
        RollingPlan.DefaultHealthTimeout, Update: null, new AnalysisSettings());

    [Fact]
    public void Start_WhileAnotherPoolRolls_IsRefused()
    {
        var rolling = Started(Manual);

        var second = RollingTransitions.Start(rolling, Manual with { Pool = Pool.Green, Batches = [["g1"]] }, "rl-2", T0, null);

        Assert.Null(second.Next);
        Assert.Contains("rl-1 of blue is running", second.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatch_GoesThroughDrainUpdateEnableJudge_WithItsModesInTheSameCommits()
    {
        var state = Started(Manual);
        Assert.Equal((RollingStatus.Progressing, RollingPhase.Pending), Where(state));
        Assert.Equal(DestinationOverrides.None, state.Destinations);

        state = Apply(state, RollingTransitions.Drain(state, Configured, Id, 0, T0.AddSeconds(1)));
        Assert.Equal((RollingStatus.Progressing, RollingPhase.Draining), Where(state));
        Assert.Equal(("draining", "draining", "active"), (Mode(state, "b1"), Mode(state, "b2"), Mode(state, "b3")));

        state = Apply(state, RollingTransitions.Drained(state, Id, 0, T0.AddSeconds(1), T0.AddSeconds(2), "drained"));
        Assert.Equal((RollingStatus.WaitingForUpdate, RollingPhase.Updating), Where(state));

        state = Apply(state, RollingTransitions.Continue(state, Configured, Pool.Blue, T0.AddSeconds(3)));
        Assert.Equal((RollingStatus.Progressing, RollingPhase.Enabling), Where(state));
        Assert.Equal(("active", "active"), (Mode(state, "b1"), Mode(state, "b2")));
        Assert.Equal("b1 b2", string.Join(" ", state.RunningRollingUpdate!.Updated));

        state = Apply(state, RollingTransitions.Healthy(state, Id, 0, T0.AddSeconds(3), T0.AddSeconds(4), "healthy"));
        state = Apply(state, RollingTransitions.Passed(state, Id, 0, T0.AddSeconds(4), Judged(Verdict.Pass), T0.AddSeconds(40)));
        Assert.Equal((1, RollingPhase.Pending), (state.RunningRollingUpdate!.Batch, state.RunningRollingUpdate.Phase));
    }

    [Fact]
    public void PassingTheLastBatch_CompletesTheUpdate()
    {
        var state = AtJudging(Manual, batch: 2);

        state = Apply(state, RollingTransitions.Passed(state, Id, 2, Judging(state), Judged(Verdict.Pass), T0.AddMinutes(5)));

        var update = Assert.Single(state.RollingUpdates);
        Assert.Equal((RollingStatus.Completed, T0.AddMinutes(5)), (update.Status, update.EndedAt));
        Assert.Null(state.RunningRollingUpdate);
        Assert.Same(update, state.RollingUpdateOf(Pool.Blue));
    }

    [Fact]
    public void Stop_DrainsTheFailingBatchAgain_AndLeavesTheOthersAlone()
    {
        var state = AtJudging(Manual, batch: 1);
        Assert.Equal(("active", "active"), (Mode(state, "b3"), Mode(state, "b4")));

        state = Apply(state, RollingTransitions.Stop(state, Configured, Id, 1, RollingPhase.Judging, Judging(state), Judged(Verdict.Fail), T0.AddMinutes(3)));

        Assert.Equal(RollingStatus.Stopped, state.RollingUpdateOf(Pool.Blue)!.Status);
        Assert.Equal(("active", "active", "draining", "draining", "active"),
            (Mode(state, "b1"), Mode(state, "b2"), Mode(state, "b3"), Mode(state, "b4"), Mode(state, "b5")));
    }

    [Fact]
    public void DriverMoves_ThatNoLongerFit_AreRefused_SoAPauseOrAbortThatLandedFirstWins()
    {
        var judging = AtJudging(Manual, batch: 0);
        var started = Judging(judging);
        var paused = Apply(judging, RollingTransitions.Pause(judging, Pool.Blue));

        Assert.Null(RollingTransitions.Passed(paused, Id, 0, started, Judged(Verdict.Pass), T0.AddMinutes(1)).Next);
        Assert.Null(RollingTransitions.Stop(paused, Configured, Id, 0, RollingPhase.Judging, started, Judged(Verdict.Fail), T0.AddMinutes(1)).Next);

        // Resumed, the phase starts again: a move computed for the old start is stale.
        var resumed = Apply(paused, RollingTransitions.Resume(paused, Pool.Blue, T0.AddMinutes(2)));
        Assert.Null(RollingTransitions.Passed(resumed, Id, 0, started, Judged(Verdict.Pass), T0.AddMinutes(3)).Next);
        Assert.NotNull(RollingTransitions.Passed(resumed, Id, 0, T0.AddMinutes(2), Judged(Verdict.Pass), T0.AddMinutes(3)).Next);

        var aborted = Apply(judging, RollingTransitions.Abort(judging, Configured, Pool.Blue, T0.AddMinutes(1)));
        Assert.Null(RollingTransitions.Passed(aborted, Id, 0, started, Judged(Verdict.Pass), T0.AddMinutes(1)).Next);
    }

    [Fact]
    public void Abort_WhileDraining_PutsTheBatchBack_WhileUpdating_LeavesItDrained()
    {
        var started = Started(Manual);
        var draining = Apply(started, RollingTransitions.Drain(started, Configured, Id, 0, T0));
        var abortedDraining = Apply(draining, RollingTransitions.Abort(draining, Configured, Pool.Blue, T0.AddSeconds(1)));
        Assert.Equal(DestinationOverrides.None, abortedDraining.Destinations);
        Assert.Equal(RollingStatus.Aborted, abortedDraining.RollingUpdateOf(Pool.Blue)!.Status);

        var updating = Apply(draining, RollingTransitions.Drained(draining, Id, 0, T0, T0.AddSeconds(1), "drained"));
        var abortedUpdating = Apply(updating, RollingTransitions.Abort(updating, Configured, Pool.Blue, T0.AddSeconds(2)));
        Assert.Equal(("draining", "draining"), (Mode(abortedUpdating, "b1"), Mode(abortedUpdating, "b2")));
    }

    [Fact]
    public void Continue_IsRefused_WhenNothingWaits_WhenAWebhookUpdates_OrWhenPaused()
    {
        var started = Started(Manual);
        Assert.Contains("not waiting for an update", RollingTransitions.Continue(started, Configured, Pool.Blue, T0).Refusal, StringComparison.Ordinal);
        Assert.Contains("No rolling update of green", RollingTransitions.Continue(started, Configured, Pool.Green, T0).Refusal, StringComparison.Ordinal);

        var hooked = Manual with { Update = new UpdateHook(new Uri("http://127.0.0.1:9/update"), TimeSpan.FromMinutes(1)) };
        var waiting = AtUpdating(hooked);
        Assert.Contains("through the webhook", RollingTransitions.Continue(waiting, Configured, Pool.Blue, T0).Refusal, StringComparison.Ordinal);

        var manualWaiting = AtUpdating(Manual);
        var paused = Apply(manualWaiting, RollingTransitions.Pause(manualWaiting, Pool.Blue));
        Assert.Null(RollingTransitions.Continue(paused, Configured, Pool.Blue, T0).Next);
        var resumed = Apply(paused, RollingTransitions.Resume(paused, Pool.Blue, T0.AddSeconds(5)));
        Assert.Equal(RollingStatus.WaitingForUpdate, resumed.RunningRollingUpdate!.Status);
    }

    [Fact]
    public void ADestinationDeletedMeanwhile_IsNoLongerPartOfItsBatch()
    {
        var started = Started(Manual);
        var deleted = started with { Destinations = MembershipChanges.Delete(Configured, started.Destinations, Pool.Blue, "b2")!.Next };

        var draining = Apply(deleted, RollingTransitions.Drain(deleted, Configured, Id, 0, T0));

        Assert.Equal("draining", Mode(draining, "b1"));
        Assert.False(Configured.Members(Pool.Blue, draining.Destinations).ContainsKey("b2"));
    }

    private static RoutingSnapshot Started(RollingPlan plan) =>
        Apply(RolloutScenarios.AllOn(Pool.Blue), RollingTransitions.Start(RolloutScenarios.AllOn(Pool.Blue), plan, Id, T0, "release 42"));

    private static RoutingSnapshot AtUpdating(RollingPlan plan)
    {
        var state = Started(plan);
        state = Apply(state, RollingTransitions.Drain(state, Configured, Id, 0, T0));
        return Apply(state, RollingTransitions.Drained(state, Id, 0, T0, T0, "drained"));
    }

    /// <summary>The update with every batch before <paramref name="batch"/> passed and <paramref name="batch"/> judged.</summary>
    private static RoutingSnapshot AtJudging(RollingPlan plan, int batch)
    {
        var state = Started(plan);
        for (var i = 0; ; i++)
        {
            var at = T0.AddSeconds(10 * i);
            state = Apply(state, RollingTransitions.Drain(state, Configured, Id, i, at));
            state = Apply(state, RollingTransitions.Drained(state, Id, i, at, at, "drained"));
            state = Apply(state, RollingTransitions.Continue(state, Configured, Pool.Blue, at));
            state = Apply(state, RollingTransitions.Healthy(state, Id, i, at, at, "healthy"));
            if (i == batch)
            {
                return state;
            }

            state = Apply(state, RollingTransitions.Passed(state, Id, i, at, Judged(Verdict.Pass), at));
        }
    }

    private static DateTimeOffset Judging(RoutingSnapshot state) => state.RunningRollingUpdate!.PhaseStartedAt;

    private static (RollingStatus, RollingPhase) Where(RoutingSnapshot state) =>
        (state.RunningRollingUpdate!.Status, state.RunningRollingUpdate.Phase);

    private static string Mode(RoutingSnapshot state, string id) => Configured.Members(Pool.Blue, state.Destinations)[id].ModeName;

    private static RollingAnalysis Judged(Verdict verdict) => new(verdict, verdict.Name(), PoolFigures.None, PoolFigures.None);

    private static RoutingSnapshot Apply(RoutingSnapshot current, StateProposal proposal) => RolloutScenarios.Apply(current, proposal);
}
