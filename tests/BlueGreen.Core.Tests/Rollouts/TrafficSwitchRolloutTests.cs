using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Core.Tests.Switching;
using Microsoft.Extensions.Time.Testing;
using static BlueGreen.Core.Tests.Rollouts.RolloutScenarios;

namespace BlueGreen.Core.Tests.Rollouts;

public sealed class TrafficSwitchRolloutTests
{
    private const string Operator = "operator";

    private readonly InMemoryStateStore _store = new();
    private readonly FakeTimeProvider _time = new(StartTime);
    private readonly RoutingTable _table = new(AllOn(Pool.Blue));
    private readonly TrafficSwitch _sut;

    public TrafficSwitchRolloutTests() => _sut = new TrafficSwitch(_table, _store, _time);

    [Fact]
    public async Task ProposeAsync_Start_CommitsAndStoresTheRollout()
    {
        var result = await StartAsync(Plan());

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        var stored = (await _store.LoadAsync(CancellationToken.None))!;
        Assert.Equal((1L, PoolWeights.FromGreenBasisPoints(500)), (stored.Version, stored.Weights));
        Assert.Equal(_table.Current.Rollout, stored.Rollout);
        Assert.Equal((Id, RolloutStatus.Progressing), (stored.Rollout!.Id, stored.Rollout.Status));
        Assert.Equal(RolloutTransitions.StartAction, await LastActionAsync());
    }

    [Fact]
    public async Task SetWeightsAsync_ARolloutRuns_ConflictsAndChangesNothing()
    {
        await StartAsync(Plan());
        var before = _table.Current;

        var result = await _sut.SetWeightsAsync(PoolWeights.AllGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Conflict, result.Outcome);
        Assert.Contains(Id, result.Detail);
        Assert.Same(before, _table.Current);
        Assert.Equal(1, (await _store.LoadAsync(CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task SwitchAsync_ARolloutRuns_ConflictsAndChangesNothing()
    {
        await StartAsync(Plan());
        var before = _table.Current;

        var result = await _sut.SwitchAsync(Pool.Green, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Conflict, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Same(before, _table.Current);
        Assert.Equal(1, (await _store.LoadAsync(CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task RollbackAsync_ARolloutWithARampRuns_AbortsItAtOnce()
    {
        await StartAsync(Plan(rampDown: new RampDown(50, TimeSpan.FromSeconds(5))));
        _time.Advance(TimeSpan.FromSeconds(3));

        var result = await _sut.RollbackAsync(new ChangeRequest(Operator, "bad release"), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(PoolWeights.AllBlue, _table.Current.Weights);
        Assert.Equal((RolloutStatus.Aborted, _time.GetUtcNow()), (_table.Current.Rollout!.Status, _table.Current.Rollout.EndedAt));
        Assert.Equal(RolloutStatus.Aborted, (await _store.LoadAsync(CancellationToken.None))!.Rollout!.Status);
        Assert.Equal(RolloutTransitions.AbortAction, await LastActionAsync());
    }

    [Fact]
    public async Task ProposeAsync_ADriverMoveComputedBeforeAnAbort_IsRefusedAfterIt()
    {
        await StartAsync(Plan());
        _time.Advance(StepInterval);
        var move = RolloutMachine.Next(_table.Current, Healthy(), StartTime, _time.GetUtcNow()).Move!;
        await _sut.RollbackAsync(new ChangeRequest(Operator), CancellationToken.None);
        var aborted = _table.Current;

        var result = await _sut.ProposeAsync(move.Action, move.Propose, new ChangeRequest("system", move.Reason), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Conflict, result.Outcome);
        Assert.Contains("moved on", result.Detail);
        Assert.Same(aborted, _table.Current);
        Assert.Equal(PoolWeights.AllBlue, _table.Current.Weights);
    }

    private Task<ChangeResult> StartAsync(RolloutPlan plan) =>
        _sut.ProposeAsync(
            RolloutTransitions.StartAction,
            state => RolloutTransitions.Start(state, plan, Id, _time.GetUtcNow(), "release 2.4"),
            new ChangeRequest(Operator),
            CancellationToken.None);

    private async Task<string> LastActionAsync() => (await _store.ReadHistoryAsync(1, CancellationToken.None))[0].Action;
}
