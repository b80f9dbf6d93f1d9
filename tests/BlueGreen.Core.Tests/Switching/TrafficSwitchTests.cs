using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BlueGreen.Core.Tests.Switching;

public class TrafficSwitchTests
{
    private const string Operator = "operator";

    private static readonly DateTimeOffset StartTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PoolWeights FivePercentGreen = PoolWeights.FromGreenBasisPoints(500);
    private static readonly PoolWeights QuarterGreen = PoolWeights.FromGreenBasisPoints(2_500);
    private static readonly RoutingPolicy Policy = new(StickinessMode.Header, "x-user", OverrideEnabled: false);

    private readonly IStateStore _store = Substitute.For<IStateStore>();
    private readonly FakeTimeProvider _timeProvider = new(StartTime);
    private readonly RoutingSnapshot _initial = new(0, PoolWeights.AllBlue, Pool.Blue, Policy);
    private readonly RoutingTable _table;
    private readonly List<Commit> _commits = [];

    // What the store answers to a commit; tests swap it instead of re-stubbing the substitute.
    private Func<StoredState, AuditEvent, Task<bool>> _commit = static (_, _) => Task.FromResult(true);

    public TrafficSwitchTests()
    {
        _table = new RoutingTable(_initial);
        _store.TryCommitAsync(Arg.Any<StoredState>(), Arg.Any<AuditEvent>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var state = call.ArgAt<StoredState>(0);
                var audit = call.ArgAt<AuditEvent>(1);
                _commits.Add(new Commit(state, audit, _table.Current.Version));
                return _commit(state, audit);
            });
        _store.LoadAsync(Arg.Any<CancellationToken>()).Returns(Task.FromResult<StoredState?>(null));
    }

    [Fact]
    public async Task SetWeightsAsync_Applied_CommitsBeforePublishing()
    {
        var sut = CreateSut();

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        var commit = Assert.Single(_commits);
        Assert.Equal(0, commit.TableVersionDuringCommit);
        Assert.Equal(1, _table.Current.Version);
    }

    [Fact]
    public async Task SetWeightsAsync_Applied_PublishesNextVersionWithNewWeightsAndSameStable()
    {
        var sut = CreateSut();

        var result = await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Same(_table.Current, result.Snapshot);
        Assert.Equal(new RoutingSnapshot(1, FivePercentGreen, Pool.Blue, Policy), _table.Current);
    }

    [Fact]
    public async Task SetWeightsAsync_Applied_CommitsStoredStateOfNextVersion()
    {
        var sut = CreateSut();

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(new StoredState(1, FivePercentGreen, Pool.Blue), Assert.Single(_commits).State);
    }

    [Fact]
    public async Task SetWeightsAsync_Applied_AuditsActorActionFromToVersionReasonAndTime()
    {
        var sut = CreateSut();
        _timeProvider.Advance(TimeSpan.FromMinutes(5));

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator, "canary"), CancellationToken.None);

        var expected = new AuditEvent(
            StartTime.AddMinutes(5),
            Operator,
            AuditActions.Weights,
            "blue=100,green=0, stable=blue",
            "blue=95,green=5, stable=blue",
            1,
            "canary");
        Assert.Equal(expected, Assert.Single(_commits).Audit);
    }

    [Fact]
    public async Task SetWeightsAsync_NoReason_AuditsNullReason()
    {
        var sut = CreateSut();

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest("viewer"), CancellationToken.None);

        var audit = Assert.Single(_commits).Audit;
        Assert.Null(audit.Reason);
        Assert.Equal("viewer", audit.Actor);
    }

    [Fact]
    public async Task SetWeightsAsync_Consecutive_BumpsVersionByOneAndChainsAudit()
    {
        var sut = CreateSut();

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);
        _timeProvider.Advance(TimeSpan.FromSeconds(30));
        await sut.SetWeightsAsync(QuarterGreen, new ChangeRequest(Operator), CancellationToken.None);
        _timeProvider.Advance(TimeSpan.FromSeconds(30));
        var result = await sut.SetWeightsAsync(PoolWeights.AllGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(3, result.Snapshot.Version);
        Assert.Equal([1L, 2L, 3L], _commits.Select(c => c.State.Version));
        Assert.Equal([1L, 2L, 3L], _commits.Select(c => c.Audit.Version));
        Assert.Equal(3, _table.Current.Version);
        Assert.Equal(
            [StartTime, StartTime.AddSeconds(30), StartTime.AddSeconds(60)],
            _commits.Select(c => c.Audit.At));
        Assert.Equal(_commits[0].Audit.To, _commits[1].Audit.From);
        Assert.Equal(_commits[1].Audit.To, _commits[2].Audit.From);
    }

    [Fact]
    public async Task SetWeightsAsync_ExpectedVersionMatches_Applies()
    {
        var sut = CreateSut();
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        var result = await sut.SetWeightsAsync(QuarterGreen, new ChangeRequest(Operator, ExpectedVersion: 1), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(2, _table.Current.Version);
        Assert.Equal(QuarterGreen, _table.Current.Weights);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(long.MaxValue)]
    public async Task SetWeightsAsync_ExpectedVersionMismatch_ReturnsVersionMismatchWithoutCommit(long expectedVersion)
    {
        var sut = CreateSut();

        var result = await sut.SetWeightsAsync(
            FivePercentGreen,
            new ChangeRequest(Operator, ExpectedVersion: expectedVersion),
            CancellationToken.None);

        Assert.Equal(ChangeOutcome.VersionMismatch, result.Outcome);
        Assert.Same(_initial, result.Snapshot);
        Assert.Same(_initial, _table.Current);
        await _store.DidNotReceiveWithAnyArgs().TryCommitAsync(default!, default!, default);
    }

    [Fact]
    public async Task SetWeightsAsync_StoreConflict_ReturnsVersionMismatchAndTableUnchanged()
    {
        _commit = static (_, _) => Task.FromResult(false);
        var sut = CreateSut();

        var result = await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.VersionMismatch, result.Outcome);
        Assert.Same(_initial, result.Snapshot);
        Assert.Same(_initial, _table.Current);
        Assert.Single(_commits);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetWeightsAsync_StoreUnavailable_PropagatesAndTableUnchanged(bool faultAsynchronously)
    {
        _commit = faultAsynchronously
            ? static (_, _) => Task.FromException<bool>(new StateStoreUnavailableException("store down"))
            : static (_, _) => throw new StateStoreUnavailableException("store down");
        var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<StateStoreUnavailableException>(
            () => sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None));

        Assert.Equal("store down", exception.Message);
        Assert.Same(_initial, _table.Current);
    }

    [Fact]
    public async Task SetWeightsAsync_AfterStoreUnavailable_NextWriteApplies()
    {
        _commit = static (_, _) => throw new StateStoreUnavailableException("store down");
        var sut = CreateSut();
        await Assert.ThrowsAsync<StateStoreUnavailableException>(
            () => sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None));

        _commit = static (_, _) => Task.FromResult(true);
        var result = await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator, ExpectedVersion: 0), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(1, _table.Current.Version);
    }

    [Fact]
    public async Task SetWeightsAsync_WhileAnotherWriteIsCommitting_WaitsAndBuildsOnIt()
    {
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        _commit = (_, _) => Interlocked.Increment(ref calls) == 1 ? gate.Task : Task.FromResult(true);
        var sut = CreateSut();

        var first = sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);
        var second = sut.SetWeightsAsync(QuarterGreen, new ChangeRequest(Operator), CancellationToken.None);

        // The first write holds the write lock inside its commit, so the second has not read the table yet.
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Single(_commits);

        gate.SetResult(true);
        var firstResult = await first;
        var secondResult = await second;

        Assert.Equal(1, firstResult.Snapshot.Version);
        Assert.Equal(2, secondResult.Snapshot.Version);
        Assert.Equal(new StoredState(2, QuarterGreen, Pool.Blue), _commits[1].State);
        Assert.Equal("blue=95,green=5, stable=blue", _commits[1].Audit.From);
        Assert.Same(secondResult.Snapshot, _table.Current);
    }

    [Fact]
    public async Task SetWeightsAsync_CancellationToken_IsPassedToTheStore()
    {
        using var cancellation = new CancellationTokenSource();
        var sut = CreateSut();

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), cancellation.Token);

        await _store.Received(1).TryCommitAsync(Arg.Any<StoredState>(), Arg.Any<AuditEvent>(), cancellation.Token);
    }

    [Fact]
    public async Task SetWeightsAsync_AlreadyCanceled_ThrowsAndCommitsNothing()
    {
        var sut = CreateSut();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), new CancellationToken(canceled: true)));

        Assert.Empty(_commits);
        Assert.Same(_initial, _table.Current);
    }

    [Fact]
    public async Task SwitchAsync_ToGreen_SendsAllTrafficToGreenAndMakesItStable()
    {
        var sut = CreateSut();
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        var result = await sut.SwitchAsync(Pool.Green, new ChangeRequest(Operator, "go live"), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(new RoutingSnapshot(2, PoolWeights.AllGreen, Pool.Green, Policy), _table.Current);
        Assert.Equal(new StoredState(2, PoolWeights.AllGreen, Pool.Green), _commits[1].State);
        var audit = _commits[1].Audit;
        Assert.Equal(AuditActions.Switch, audit.Action);
        Assert.Equal("blue=95,green=5, stable=blue", audit.From);
        Assert.Equal("blue=0,green=100, stable=green", audit.To);
        Assert.Equal("go live", audit.Reason);
        Assert.Equal(2, audit.Version);
    }

    [Fact]
    public async Task SwitchAsync_BackToBlue_SendsAllTrafficToBlueAndMakesItStable()
    {
        var sut = CreateSut();
        await sut.SwitchAsync(Pool.Green, new ChangeRequest(Operator), CancellationToken.None);

        await sut.SwitchAsync(Pool.Blue, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(new RoutingSnapshot(2, PoolWeights.AllBlue, Pool.Blue, Policy), _table.Current);
    }

    [Fact]
    public async Task SwitchAsync_ExpectedVersionMismatch_ReturnsVersionMismatchWithoutCommit()
    {
        var sut = CreateSut();

        var result = await sut.SwitchAsync(Pool.Green, new ChangeRequest(Operator, ExpectedVersion: 3), CancellationToken.None);

        Assert.Equal(ChangeOutcome.VersionMismatch, result.Outcome);
        Assert.Same(_initial, _table.Current);
        Assert.Empty(_commits);
    }

    [Fact]
    public async Task RollbackAsync_DuringCanary_ReturnsAllTrafficToStable()
    {
        var sut = CreateSut();
        await sut.SetWeightsAsync(QuarterGreen, new ChangeRequest(Operator), CancellationToken.None);

        var result = await sut.RollbackAsync(new ChangeRequest(Operator, "errors"), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(new RoutingSnapshot(2, PoolWeights.AllBlue, Pool.Blue, Policy), _table.Current);
        var audit = _commits[1].Audit;
        Assert.Equal(AuditActions.Rollback, audit.Action);
        Assert.Equal("blue=75,green=25, stable=blue", audit.From);
        Assert.Equal("blue=100,green=0, stable=blue", audit.To);
        Assert.Equal("errors", audit.Reason);
    }

    [Fact]
    public async Task RollbackAsync_AfterSwitchToGreen_ReturnsToGreen()
    {
        var sut = CreateSut();
        await sut.SwitchAsync(Pool.Green, new ChangeRequest(Operator), CancellationToken.None);
        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        await sut.RollbackAsync(new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(new RoutingSnapshot(3, PoolWeights.AllGreen, Pool.Green, Policy), _table.Current);
    }

    [Fact]
    public async Task RollbackAsync_StoreConflict_ReturnsVersionMismatchAndTableUnchanged()
    {
        var sut = CreateSut();
        await sut.SetWeightsAsync(QuarterGreen, new ChangeRequest(Operator), CancellationToken.None);
        var beforeRollback = _table.Current;
        _commit = static (_, _) => Task.FromResult(false);

        var result = await sut.RollbackAsync(new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.VersionMismatch, result.Outcome);
        Assert.Same(beforeRollback, _table.Current);
    }

    [Fact]
    public void IsLoaded_BeforeLoad_IsFalse()
    {
        var sut = CreateSut();

        Assert.False(sut.IsLoaded);
    }

    [Fact]
    public async Task LoadAsync_StoredState_WinsOverInitialWeights()
    {
        _store.LoadAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<StoredState?>(new StoredState(7, QuarterGreen, Pool.Green)));
        var sut = CreateSut();

        await sut.LoadAsync(CancellationToken.None);

        Assert.True(sut.IsLoaded);
        Assert.Equal(new RoutingSnapshot(7, QuarterGreen, Pool.Green, Policy), _table.Current);
        Assert.Empty(_commits);
    }

    [Fact]
    public async Task LoadAsync_NothingStored_KeepsInitialSnapshot()
    {
        var sut = CreateSut();

        await sut.LoadAsync(CancellationToken.None);

        Assert.True(sut.IsLoaded);
        Assert.Same(_initial, _table.Current);
    }

    [Fact]
    public async Task LoadAsync_StoreUnavailable_PropagatesAndStaysNotLoaded()
    {
        _store.LoadAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromException<StoredState?>(new StateStoreUnavailableException("store down")));
        var sut = CreateSut();

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => sut.LoadAsync(CancellationToken.None));

        Assert.False(sut.IsLoaded);
        Assert.Same(_initial, _table.Current);
    }

    [Fact]
    public async Task SetWeightsAsync_AfterLoad_BuildsOnStoredVersion()
    {
        _store.LoadAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<StoredState?>(new StoredState(7, QuarterGreen, Pool.Green)));
        var sut = CreateSut();
        await sut.LoadAsync(CancellationToken.None);

        var result = await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator, ExpectedVersion: 7), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        Assert.Equal(new StoredState(8, FivePercentGreen, Pool.Green), Assert.Single(_commits).State);
        Assert.Equal("blue=75,green=25, stable=green", _commits[0].Audit.From);
    }

    [Fact]
    public async Task ChangeDestinationsAsync_Applied_CommitsAndPublishesTheOverridesWithTheCallersAudit()
    {
        var sut = CreateSut();

        var result = await sut.ChangeDestinationsAsync(
            "destination-add", current => new DestinationsChange(current.With(GreenTwo), "-", "green/green-2"), new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, result.Outcome);
        var commit = Assert.Single(_commits);
        Assert.Equal(new StoredState(1, PoolWeights.AllBlue, Pool.Blue) { Destinations = DestinationOverrides.From([GreenTwo]) }, commit.State);
        Assert.Equal(("destination-add", "-", "green/green-2"), (commit.Audit.Action, commit.Audit.From, commit.Audit.To));
        Assert.Equal(DestinationOverrides.From([GreenTwo]), _table.Current.Destinations);
        Assert.Equal(1, _table.Current.Version);
    }

    [Fact]
    public async Task ChangeDestinationsAsync_ChangeRefuses_ReturnsConflictWithoutCommit()
    {
        var sut = CreateSut();

        var result = await sut.ChangeDestinationsAsync("destination-drain", _ => null, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Conflict, result.Outcome);
        Assert.Empty(_commits);
        Assert.Same(_initial, _table.Current);
    }

    [Fact]
    public async Task ChangeDestinationsAsync_StoreUnavailable_PropagatesAndTableUnchanged()
    {
        _commit = static (_, _) => Task.FromException<bool>(new StateStoreUnavailableException("store down"));
        var sut = CreateSut();

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => sut.ChangeDestinationsAsync(
            "destination-add", current => new DestinationsChange(current.With(GreenTwo), "-", "+"), new ChangeRequest(Operator), CancellationToken.None));

        Assert.Same(_initial, _table.Current);
    }

    [Fact]
    public async Task SetWeightsAsync_AfterADestinationChange_KeepsTheOverrides()
    {
        var sut = CreateSut();
        await sut.ChangeDestinationsAsync("destination-add", c => new DestinationsChange(c.With(GreenTwo), "-", "+"), new ChangeRequest(Operator), CancellationToken.None);

        await sut.SetWeightsAsync(FivePercentGreen, new ChangeRequest(Operator), CancellationToken.None);

        Assert.Equal(DestinationOverrides.From([GreenTwo]), _commits[1].State.Destinations);
        Assert.Equal(DestinationOverrides.From([GreenTwo]), _table.Current.Destinations);
    }

    [Fact]
    public async Task RecordAsync_Applied_CommitsTheSameStateAtTheNextVersion()
    {
        var sut = CreateSut();

        await sut.RecordAsync("destination-removed", "green/green-2 draining", "green/green-2 removed", new ChangeRequest(Operator, "drained"), CancellationToken.None);

        var commit = Assert.Single(_commits);
        Assert.Equal(new StoredState(1, PoolWeights.AllBlue, Pool.Blue), commit.State);
        Assert.Equal("drained", commit.Audit.Reason);
        Assert.Equal(_initial with { Version = 1 }, _table.Current);
    }

    [Fact]
    public async Task LoadAsync_StoredOverrides_ArePublished()
    {
        _store.LoadAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<StoredState?>(new StoredState(3, QuarterGreen, Pool.Blue) { Destinations = DestinationOverrides.From([GreenTwo]) }));
        var sut = CreateSut();

        await sut.LoadAsync(CancellationToken.None);

        Assert.Equal(DestinationOverrides.From([GreenTwo]), _table.Current.Destinations);
    }

    private static readonly DestinationOverride GreenTwo = new(Pool.Green, "green-2", "http://127.0.0.1:9002", DestinationMode.Active);

    private TrafficSwitch CreateSut() => new(_table, _store, _timeProvider);

    private sealed record Commit(StoredState State, AuditEvent Audit, long TableVersionDuringCommit);
}
