using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Time.Testing;

namespace BlueGreen.Core.Tests.Switching;

public sealed class TrafficSwitchObserverTests
{
    private const string Operator = "operator";

    private static readonly RoutingSnapshot Initial = new(0, PoolWeights.AllBlue, Pool.Blue, new RoutingPolicy(StickinessMode.None, "bg-id", OverrideEnabled: true));
    private static readonly PoolWeights FivePercentGreen = PoolWeights.FromGreenBasisPoints(500);
    private static readonly DestinationOverride GreenTwo = new(Pool.Green, "green-2", "http://127.0.0.1:9002", DestinationMode.Active);

    private readonly InMemoryStateStore _store = new();
    private readonly FakeTimeProvider _timeProvider = new();

    [Fact]
    public async Task SetWeightsAsync_AnObserverThrows_ChangeIsAppliedAndTheOthersAreTold()
    {
        var before = new RecordingObserver();
        var after = new RecordingObserver();
        var (sut, table) = CreateSut(before, new ThrowingObserver(), after);

        var result = await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(FivePercentGreen, table.Current.Weights);
        Assert.Equal(1, (await _store.LoadAsync(CancellationToken.None))!.Version);
        Assert.Equal(1, Assert.Single(before.Changes).Current.Version);
        Assert.Equal(1, Assert.Single(after.Changes).Current.Version);
    }

    [Fact]
    public async Task SetWeightsAsync_Applied_TellsObserversBeforeAndAfterWithTheAuditEvent()
    {
        var observer = new RecordingObserver();
        var (sut, _) = CreateSut(observer);

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator, "canary"), CancellationToken.None);

        var change = Assert.Single(observer.Changes);
        Assert.Same(Initial, change.Previous);
        Assert.Equal(FivePercentGreen, change.Current.Weights);
        Assert.True(change.IsLocal);
        Assert.Equal(("weights", "canary"), (change.Audit!.Action, change.Audit.Reason));
    }

    [Fact]
    public async Task RefreshAsync_ASecondSwitchCommittedOnTheSameStore_PublishesItAndTellsObserversWithoutAudit()
    {
        var observer = new RecordingObserver();
        var (first, firstTable) = CreateSut(observer);
        await first.LoadAsync(CancellationToken.None);
        var (second, _) = CreateSut();
        await second.LoadAsync(CancellationToken.None);
        await second.ChangeDestinationsAsync(
            "destination-add", current => new DestinationsChange(current.With(GreenTwo), "-", "+"), new ChangeRequest(Operator), CancellationToken.None);

        var refreshed = await first.RefreshAsync(CancellationToken.None);

        Assert.Equal(1, refreshed.Version);
        Assert.Same(refreshed, firstTable.Current);
        Assert.Equal(DestinationOverrides.From([GreenTwo]), firstTable.Current.Destinations);
        var change = Assert.Single(observer.Changes);
        Assert.False(change.IsLocal);
        Assert.Equal(DestinationOverrides.From([GreenTwo]), change.Current.Destinations);
    }

    [Fact]
    public async Task SetWeightsAsync_AnotherWriterWonTheStore_ReturnsMismatchAndObserversFollowTheWinner()
    {
        var observer = new RecordingObserver();
        var (first, _) = CreateSut(observer);
        await first.LoadAsync(CancellationToken.None);
        var (second, _) = CreateSut();
        await second.LoadAsync(CancellationToken.None);
        await second.SwitchAsync(Pool.Green, new ChangeRequest(Operator), CancellationToken.None);

        var result = await first.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.VersionMismatch, result.Outcome);
        var change = Assert.Single(observer.Changes);
        Assert.Equal((1L, Pool.Green), (change.Current.Version, change.Current.Stable));
        Assert.False(change.IsLocal);
    }

    [Fact]
    public async Task RefreshAsync_NothingNewer_TellsNobody()
    {
        var observer = new RecordingObserver();
        var (sut, _) = CreateSut(observer);
        await sut.LoadAsync(CancellationToken.None);
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        await sut.RefreshAsync(CancellationToken.None);

        Assert.Single(observer.Changes);
    }

    [Fact]
    public async Task Subscribe_AfterConstruction_HearsOfTheNextChange()
    {
        var (sut, _) = CreateSut();
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);
        var observer = new RecordingObserver();

        sut.Subscribe(observer);
        await sut.RollbackAsync(new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(2, Assert.Single(observer.Changes).Current.Version);
    }

    [Fact]
    public async Task RefreshAsync_TheStoreLostTheState_PutsBackTheOneInForceSoWritesGoOn()
    {
        var (sut, table) = CreateSut();
        await sut.LoadAsync(CancellationToken.None);
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);
        _store.Lose();

        await sut.RefreshAsync(CancellationToken.None);

        Assert.Equal(table.Current.Version, (await _store.LoadAsync(CancellationToken.None))!.Version);
        Assert.Equal("state-restore", (await _store.ReadHistoryAsync(1, CancellationToken.None))[0].Action);
        var next = await sut.RollbackAsync(new ChangeRequest(Operator), CancellationToken.None);
        Assert.Equal(ChangeOutcome.Applied, next.Outcome);
    }

    [Fact]
    public async Task RefreshAsync_TheStoreLostItsLastWrite_TakesTheStoresStateAndWritesGoOnFromIt()
    {
        var observer = new RecordingObserver();
        var (sut, table) = CreateSut(observer);
        await sut.LoadAsync(CancellationToken.None);
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);
        var afterFirst = await _store.LoadAsync(CancellationToken.None);
        await sut.SwitchAsync(Pool.Green, new ChangeRequest(Operator), CancellationToken.None);
        _store.Rewind(afterFirst!);

        await sut.RefreshAsync(CancellationToken.None);

        Assert.Equal((1L, FivePercentGreen, Pool.Blue), (table.Current.Version, table.Current.Weights, table.Current.Stable));
        Assert.False(observer.Changes[^1].IsLocal);
        var next = await sut.RollbackAsync(new ChangeRequest(Operator), CancellationToken.None);
        Assert.Equal((ChangeOutcome.Applied, 2L), (next.Outcome, next.Snapshot.Version));
    }

    private (TrafficSwitch Switch, RoutingTable Table) CreateSut(params IStateChangeObserver[] observers)
    {
        var table = new RoutingTable(Initial);
        return (new TrafficSwitch(table, _store, _timeProvider, observers), table);
    }

    private sealed class RecordingObserver : IStateChangeObserver
    {
        public List<StateChange> Changes { get; } = [];

        public void OnChanged(StateChange change) => Changes.Add(change);
    }

    private sealed class ThrowingObserver : IStateChangeObserver
    {
        public void OnChanged(StateChange change) => throw new InvalidOperationException("observer bug");
    }
}
