using BlueGreen.Core.Analysis;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;

namespace BlueGreen.Proxy.Tests.State;

/// <summary>
/// What every <see cref="IStateStore"/> must do, file and Redis alike: a derived class supplies the store and
/// inherits every test.
/// </summary>
public abstract class StateStoreContractTests
{
    /// <summary>The contract's promise: at least this many audit events survive.</summary>
    protected const int KeptHistory = 1000;

    private static readonly DateTimeOffset StartTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

    /// <summary>Creates a store over fresh, empty backing state; each test calls it once.</summary>
    protected abstract IStateStore CreateStore();

    /// <summary>Creates another store over the backing state of the last <see cref="CreateStore"/>, as a restarted process would.</summary>
    protected abstract IStateStore CreateStoreOnSameBackingState();

    [Fact]
    public async Task LoadAsync_NothingCommitted_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadHistoryAsync_NothingCommitted_ReturnsEmpty()
    {
        var store = CreateStore();

        Assert.Empty(await store.ReadHistoryAsync(10, CancellationToken.None));
    }

    [Fact]
    public void Description_Always_IsNotEmpty()
    {
        var store = CreateStore();

        Assert.False(string.IsNullOrWhiteSpace(store.Description));
    }

    [Fact]
    public async Task TryCommitAsync_VersionOneOnEmptyStore_CommitsAndLoadReturnsIt()
    {
        var store = CreateStore();
        var state = new StoredState(1, PoolWeights.FromGreenBasisPoints(500), Pool.Blue);

        var committed = await store.TryCommitAsync(state, CreateAudit(1), CancellationToken.None);

        Assert.True(committed);
        Assert.Equal(state, await store.LoadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task TryCommitAsync_VersionOtherThanOneOnEmptyStore_ReturnsFalseAndStoresNothing(long version)
    {
        var store = CreateStore();

        var committed = await store.TryCommitAsync(CreateState(version), CreateAudit(version), CancellationToken.None);

        Assert.False(committed);
        Assert.Null(await store.LoadAsync(CancellationToken.None));
        Assert.Empty(await store.ReadHistoryAsync(10, CancellationToken.None));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task TryCommitAsync_WrongVersionAtVersionOne_ReturnsFalseAndChangesNothing(long version)
    {
        var store = CreateStore();
        var first = new StoredState(1, PoolWeights.FromGreenBasisPoints(1_000), Pool.Blue);
        await CommitAsync(store, first, CreateAudit(1));

        var committed = await store.TryCommitAsync(
            new StoredState(version, PoolWeights.AllGreen, Pool.Green), CreateAudit(version, "should not land"), CancellationToken.None);

        Assert.False(committed);
        Assert.Equal(first, await store.LoadAsync(CancellationToken.None));
        var history = await store.ReadHistoryAsync(10, CancellationToken.None);
        Assert.Equal([CreateAudit(1)], history);
    }

    [Fact]
    public async Task TryCommitAsync_NextVersion_ReplacesTheState()
    {
        var store = CreateStore();
        await CommitAsync(store, new StoredState(1, PoolWeights.FromGreenBasisPoints(500), Pool.Blue), CreateAudit(1));
        var second = new StoredState(2, PoolWeights.AllGreen, Pool.Green);

        var committed = await store.TryCommitAsync(second, CreateAudit(2), CancellationToken.None);

        Assert.True(committed);
        Assert.Equal(second, await store.LoadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_333)]
    [InlineData(5_000)]
    [InlineData(9_999)]
    [InlineData(10_000)]
    public async Task TryCommitAsync_AnyWeights_RoundTripExactly(int greenBasisPoints)
    {
        var store = CreateStore();
        var state = new StoredState(1, PoolWeights.FromGreenBasisPoints(greenBasisPoints), Pool.Green);
        await CommitAsync(store, state, CreateAudit(1));

        var loaded = await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None);

        Assert.Equal(state, loaded);
    }

    [Fact]
    public async Task TryCommitAsync_DestinationOverrides_RoundTripExactly()
    {
        var store = CreateStore();
        var state = new StoredState(1, PoolWeights.FromGreenBasisPoints(2_500), Pool.Blue)
        {
            Destinations = DestinationOverrides.From(
            [
                new DestinationOverride(Pool.Green, "green-2", "http://10.0.0.7:8000/base", DestinationMode.Active),
                new DestinationOverride(Pool.Blue, "blue-1", null, DestinationMode.Draining),
                new DestinationOverride(Pool.Blue, "blue-2", null, DestinationMode.Removed),
                new DestinationOverride(Pool.Green, "green-3", "https://green-3.internal", DestinationMode.Disabled),
            ]),
        };
        await CommitAsync(store, state, CreateAudit(1));

        var loaded = await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None);

        Assert.Equal(state, loaded);
        Assert.Equal(4, loaded!.Destinations.Items.Length);
    }

    [Fact]
    public async Task TryCommitAsync_RollingUpdates_RoundTripExactly()
    {
        var store = CreateStore();
        var at = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var webhook = new RollingPlan(
            Pool.Blue,
            [["b1", "b2"], ["b3", "b4"], ["b5"]],
            TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMinutes(1),
            new UpdateHook(new Uri("http://deploy.internal/hooks/update"), TimeSpan.FromMinutes(5)),
            new AnalysisSettings(0.02, 250, 40, Sequential: true, Alpha: 0.01));
        var manual = webhook with { Pool = Pool.Green, Batches = [["g1"], ["g2"]], Update = null, Analysis = new AnalysisSettings() };
        var state = new StoredState(1, PoolWeights.AllBlue, Pool.Blue)
        {
            RollingUpdates =
            [
                new RollingUpdate(
                    "rl-1", webhook, RollingStatus.Progressing, 1, RollingPhase.Judging, ["b1", "b2", "b3", "b4"], at, at.AddMinutes(2), null, "release 42",
                    new RollingAnalysis(Verdict.Waiting, "judging", new PoolFigures(120, 1, 0, 12.5), new PoolFigures(300, 2, 1, 11))),
                new RollingUpdate(
                    "rl-2", manual, RollingStatus.Stopped, 0, RollingPhase.Enabling, ["g1"], at, at.AddMinutes(1), at.AddMinutes(3), null,
                    RollingAnalysis.NotYet),
            ],
        };
        await CommitAsync(store, state, CreateAudit(1));

        var loaded = await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None);

        Assert.Equal(state, loaded);
        Assert.Equal("b1 b2 b3 b4", string.Join(" ", loaded!.RollingUpdates[0].Updated));
    }

    [Fact]
    public async Task TryCommitAsync_ConcurrentCommitsOfTheSameVersion_ExactlyOneSucceeds()
    {
        var store = CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            store.TryCommitAsync(
                new StoredState(1, PoolWeights.FromGreenBasisPoints(i), Pool.Blue),
                CreateAudit(1, $"writer {i}"),
                CancellationToken.None))));

        Assert.Single(results, committed => committed);
        var winner = Array.IndexOf(results, true);
        Assert.Equal(PoolWeights.FromGreenBasisPoints(winner), (await store.LoadAsync(CancellationToken.None))!.Weights);
        Assert.Equal([CreateAudit(1, $"writer {winner}")], await store.ReadHistoryAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task ReadHistoryAsync_SeveralCommits_ReturnsNewestFirst()
    {
        var store = CreateStore();
        await CommitVersionsAsync(store, 1, 5);

        var history = await store.ReadHistoryAsync(10, CancellationToken.None);

        Assert.Equal([5L, 4L, 3L, 2L, 1L], history.Select(e => e.Version));
    }

    [Theory]
    [InlineData(1, new long[] { 5 })]
    [InlineData(3, new long[] { 5, 4, 3 })]
    [InlineData(5, new long[] { 5, 4, 3, 2, 1 })]
    [InlineData(100, new long[] { 5, 4, 3, 2, 1 })]
    public async Task ReadHistoryAsync_Limit_ReturnsThatManyNewest(int limit, long[] expectedVersions)
    {
        var store = CreateStore();
        await CommitVersionsAsync(store, 1, 5);

        var history = await store.ReadHistoryAsync(limit, CancellationToken.None);

        Assert.Equal(expectedVersions, history.Select(e => e.Version));
    }

    [Fact]
    public async Task ReadHistoryAsync_MoreCommitsThanKept_KeepsTheNewestThousand()
    {
        var store = CreateStore();
        await SeedAsync(store, KeptHistory + 4);
        await CommitAsync(store, CreateState(KeptHistory + 5), CreateAudit(KeptHistory + 5));

        var history = await CreateStoreOnSameBackingState().ReadHistoryAsync(KeptHistory, CancellationToken.None);

        Assert.Equal(KeptHistory, history.Count);
        Assert.Equal(CreateAudit(KeptHistory + 5), history[0]);
        Assert.Equal(CreateAudit(6), history[^1]);
        Assert.Equal(Enumerable.Range(6, KeptHistory).Select(v => (long)v).Reverse(), history.Select(e => e.Version));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("canary 5% \"quoted\", ünïcödé ✓\nsecond line")]
    public async Task ReadHistoryAsync_AfterRestart_ReturnsEveryAuditFieldExactly(string? reason)
    {
        var store = CreateStore();
        var audit = new AuditEvent(
            new DateTimeOffset(2025, 6, 1, 12, 34, 56, TimeSpan.FromHours(-7)).AddTicks(1_234_567),
            "operator",
            "weights",
            "blue=100,green=0",
            "blue=95,green=5",
            1,
            reason);
        await CommitAsync(store, CreateState(1), audit);

        var stored = Assert.Single(await CreateStoreOnSameBackingState().ReadHistoryAsync(10, CancellationToken.None));

        // Record equality compares DateTimeOffset as an instant, so the offset is checked on its own.
        Assert.Equal(audit, stored);
        Assert.Equal(audit.At.Offset, stored.At.Offset);
        Assert.Equal(audit.At.Ticks, stored.At.Ticks);
        Assert.Equal(reason, stored.Reason);
    }

    [Fact]
    public async Task LoadAsync_NewStoreOverSameBackingState_SeesTheCommittedState()
    {
        var store = CreateStore();
        await CommitVersionsAsync(store, 1, 3);
        var last = new StoredState(4, PoolWeights.FromGreenBasisPoints(7_525), Pool.Green);
        await CommitAsync(store, last, CreateAudit(4));

        var restarted = CreateStoreOnSameBackingState();

        Assert.Equal(last, await restarted.LoadAsync(CancellationToken.None));
        Assert.Equal([4L, 3L, 2L, 1L], (await restarted.ReadHistoryAsync(10, CancellationToken.None)).Select(e => e.Version));
    }

    [Fact]
    public async Task TryCommitAsync_NewStoreOverSameBackingState_ContinuesFromTheStoredVersion()
    {
        var store = CreateStore();
        await CommitVersionsAsync(store, 1, 2);
        var restarted = CreateStoreOnSameBackingState();

        Assert.False(await restarted.TryCommitAsync(CreateState(1), CreateAudit(1), CancellationToken.None));
        Assert.False(await restarted.TryCommitAsync(CreateState(2), CreateAudit(2), CancellationToken.None));
        Assert.True(await restarted.TryCommitAsync(CreateState(3), CreateAudit(3), CancellationToken.None));

        Assert.Equal(CreateState(3), await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TrySeedAsync_EmptyStore_StoresTheStateWithItsVersionAndCommitsGoOnFromIt()
    {
        var store = CreateStore();

        Assert.True(await store.TrySeedAsync(CreateState(7), CreateAudit(7), CancellationToken.None));

        Assert.Equal(CreateState(7), await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None));
        Assert.Equal([7L], (await store.ReadHistoryAsync(10, CancellationToken.None)).Select(e => e.Version));
        Assert.False(await store.TryCommitAsync(CreateState(1), CreateAudit(1), CancellationToken.None));
        Assert.True(await store.TryCommitAsync(CreateState(8), CreateAudit(8), CancellationToken.None));
    }

    [Fact]
    public async Task TrySeedAsync_StoreWithAState_ReturnsFalseAndChangesNothing()
    {
        var store = CreateStore();
        await CommitVersionsAsync(store, 1, 2);

        Assert.False(await store.TrySeedAsync(CreateState(9), CreateAudit(9), CancellationToken.None));

        Assert.Equal(CreateState(2), await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None));
    }

    /// <summary>A state for <paramref name="version"/> whose weights differ from version to version.</summary>
    protected static StoredState CreateState(long version) =>
        new(version, PoolWeights.FromGreenBasisPoints((int)(version % (PoolWeights.Total + 1))), version % 2 == 0 ? Pool.Green : Pool.Blue);

    /// <summary>An audit event for <paramref name="version"/> whose fields all depend on it.</summary>
    protected static AuditEvent CreateAudit(long version, string? reason = null) => new(
        StartTime.AddSeconds(version),
        version % 2 == 0 ? "operator" : "system",
        "weights",
        $"from {version - 1}",
        $"to {version}",
        version,
        reason ?? $"reason {version}");

    /// <summary>
    /// Brings a fresh, never-read store to <paramref name="version"/>, as if versions 1 to <paramref name="version"/>
    /// had been committed with <see cref="CreateState"/> and <see cref="CreateAudit"/>. A store may override this
    /// with a faster way to the same backing state, so that the long-history test stays fast.
    /// </summary>
    protected virtual Task SeedAsync(IStateStore store, long version) => CommitVersionsAsync(store, 1, version);

    /// <summary>Commits and asserts that it committed.</summary>
    protected static async Task CommitAsync(IStateStore store, StoredState state, AuditEvent audit)
    {
        Assert.True(await store.TryCommitAsync(state, audit, CancellationToken.None), $"version {state.Version} should commit");
    }

    /// <summary>Commits versions <paramref name="from"/> to <paramref name="to"/> in order.</summary>
    protected static async Task CommitVersionsAsync(IStateStore store, long from, long to)
    {
        for (var version = from; version <= to; version++)
        {
            await CommitAsync(store, CreateState(version), CreateAudit(version));
        }
    }
}
