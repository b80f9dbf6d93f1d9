using System.Text.Json;
using System.Text.Json.Nodes;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Proxy.State;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.State;

/// <summary>The file store passes the store contract, and writes its one file atomically and never over a file it cannot read.</summary>
public sealed class FileStateStoreTests : StateStoreContractTests, IDisposable
{
    private static readonly JsonSerializerOptions SeedJsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly TemporaryDirectory _temp = new();

    private string StatePath => _temp.File("state.json");

    public void Dispose() => _temp.Dispose();

    protected override IStateStore CreateStore() => new FileStateStore(StatePath);

    protected override IStateStore CreateStoreOnSameBackingState() => new FileStateStore(StatePath);

    [Fact]
    public void Description_Always_NamesTheFullPath()
    {
        var store = CreateStore();

        Assert.Equal($"file {StatePath}", store.Description);
    }

    [Fact]
    public async Task TryCommitAsync_AfterCommits_LeavesOnlyTheStateFile()
    {
        var store = CreateStore();

        await CommitVersionsAsync(store, 1, 3);

        Assert.Equal([StatePath], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task TryCommitAsync_Committed_WritesValidJson()
    {
        var store = CreateStore();

        await CommitVersionsAsync(store, 1, 2);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(StatePath));
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public async Task TryCommitAsync_FolderMissing_CreatesIt()
    {
        var path = Path.Combine(_temp.Path, "data", "nested", "state.json");
        var store = new FileStateStore(path);

        await CommitAsync(store, CreateState(1), CreateAudit(1));

        Assert.True(File.Exists(path));
        Assert.Equal(CreateState(1), await new FileStateStore(path).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TryCommitAsync_RelativePath_ResolvesAgainstTheCurrentDirectory()
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), StatePath);
        var store = new FileStateStore(relative);

        await CommitAsync(store, CreateState(1), CreateAudit(1));

        Assert.True(File.Exists(StatePath));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"version\": 1, \"blueWeight\": 100,")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task LoadAsync_UnreadableFile_ThrowsStoreUnavailableAndKeepsTheFile(string content)
    {
        await File.WriteAllTextAsync(StatePath, content);
        var store = CreateStore();

        var exception = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.LoadAsync(CancellationToken.None));

        Assert.Contains(StatePath, exception.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(StatePath));
    }

    [Theory]
    [InlineData("blueWeight", 50)]
    [InlineData("blueWeight", 99.999)]
    [InlineData("greenWeight", -1)]
    [InlineData("version", -1)]
    public async Task LoadAsync_ValidJsonWithAnImpossibleState_ThrowsStoreUnavailable(string property, double value)
    {
        await WriteCommittedFileWithAsync((property, JsonValue.Create(value)));

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => CreateStore().LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_WeightsSummingPast100_ThrowsStoreUnavailableAndKeepsTheFile()
    {
        await WriteCommittedFileWithAsync(("blueWeight", JsonValue.Create(50)), ("greenWeight", JsonValue.Create(60)));
        var corrupt = await File.ReadAllTextAsync(StatePath);

        var exception = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => CreateStore().LoadAsync(CancellationToken.None));

        Assert.Contains("50", exception.Message, StringComparison.Ordinal);
        Assert.Contains("60", exception.Message, StringComparison.Ordinal);
        Assert.Equal(corrupt, await File.ReadAllTextAsync(StatePath));
    }

    [Theory]
    [InlineData("purple", "green-2", "http://127.0.0.1:9000", "active")]
    [InlineData("green", "", "http://127.0.0.1:9000", "active")]
    [InlineData("green", "green-2", "ftp://127.0.0.1:9000", "active")]
    [InlineData("green", "green-2", "not a uri", "active")]
    [InlineData("green", "green-2", "http://127.0.0.1:9000", "sleeping")]
    [InlineData("green", "green-2", "http://127.0.0.1:9000", "7")]
    [InlineData("green", "green-2", "http://127.0.0.1:9000", "1")]
    public async Task LoadAsync_InvalidDestinationOverride_ThrowsStoreUnavailable(string pool, string id, string address, string mode)
    {
        var item = new JsonObject { ["pool"] = pool, ["id"] = id, ["address"] = address, ["mode"] = mode };
        await WriteCommittedFileWithAsync(("destinations", new JsonArray(item)));

        var exception = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => CreateStore().LoadAsync(CancellationToken.None));

        Assert.Contains("destination override", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_FileWithoutDestinations_LoadsNoOverrides()
    {
        await WriteCommittedFileWithAsync(("destinations", null));

        var loaded = await CreateStore().LoadAsync(CancellationToken.None);

        Assert.Same(DestinationOverrides.None, loaded!.Destinations);
    }

    [Fact]
    public async Task LoadAsync_UnknownStablePool_ThrowsStoreUnavailable()
    {
        await WriteCommittedFileWithAsync(("stable", JsonValue.Create("purple")));

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => CreateStore().LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TryCommitAsync_CorruptFile_ThrowsStoreUnavailableAndDoesNotOverwriteIt()
    {
        await WriteCommittedFileWithAsync(("blueWeight", JsonValue.Create(50)), ("greenWeight", JsonValue.Create(60)));
        var corrupt = await File.ReadAllTextAsync(StatePath);
        var store = CreateStore();

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.LoadAsync(CancellationToken.None));
        await Assert.ThrowsAsync<StateStoreUnavailableException>(() =>
            store.TryCommitAsync(CreateState(1), CreateAudit(1), CancellationToken.None));
        await Assert.ThrowsAsync<StateStoreUnavailableException>(() =>
            store.TryCommitAsync(CreateState(2), CreateAudit(2), CancellationToken.None));

        Assert.Equal(corrupt, await File.ReadAllTextAsync(StatePath));
        Assert.Equal([StatePath], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task ReadHistoryAsync_CorruptFile_ThrowsStoreUnavailable()
    {
        await File.WriteAllTextAsync(StatePath, "garbage");

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => CreateStore().ReadHistoryAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task TryCommitAsync_FolderCannotBeCreated_ThrowsStoreUnavailable()
    {
        var blocker = _temp.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a regular file where a folder should be");
        var store = new FileStateStore(Path.Combine(blocker, "data", "state.json"));

        var exception = await Assert.ThrowsAsync<StateStoreUnavailableException>(() =>
            store.TryCommitAsync(CreateState(1), CreateAudit(1), CancellationToken.None));

        Assert.NotNull(exception.InnerException);
        Assert.Equal("a regular file where a folder should be", await File.ReadAllTextAsync(blocker));
    }

    [Fact]
    public async Task TryCommitAsync_WriteFailed_StoreStillAnswersFromTheLastCommittedState()
    {
        var blocker = _temp.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var store = new FileStateStore(Path.Combine(blocker, "state.json"));

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() =>
            store.TryCommitAsync(CreateState(1), CreateAudit(1), CancellationToken.None));

        Assert.Null(await store.LoadAsync(CancellationToken.None));
        Assert.Empty(await store.ReadHistoryAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_StaleTemporaryFileBeside_ReadsTheRealFile()
    {
        await CommitVersionsAsync(CreateStore(), 1, 2);
        await File.WriteAllTextAsync($"{StatePath}.{Environment.ProcessId}.tmp", "{\"version\": 99, \"torn");
        await File.WriteAllTextAsync($"{StatePath}.12345.tmp", "garbage");

        var restarted = CreateStoreOnSameBackingState();

        Assert.Equal(CreateState(2), await restarted.LoadAsync(CancellationToken.None));
        Assert.Equal([2L, 1L], (await restarted.ReadHistoryAsync(10, CancellationToken.None)).Select(e => e.Version));
    }

    [Fact]
    public async Task TryCommitAsync_StaleTemporaryFileOfThisProcess_CommitsOverIt()
    {
        await CommitVersionsAsync(CreateStore(), 1, 1);
        var temporary = $"{StatePath}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, "garbage left by a crash");
        var restarted = CreateStoreOnSameBackingState();

        await CommitAsync(restarted, CreateState(2), CreateAudit(2));

        Assert.False(File.Exists(temporary));
        Assert.Equal(CreateState(2), await CreateStoreOnSameBackingState().LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TryCommitAsync_HistoryAtTheLimit_DropsTheOldestEventFromTheFile()
    {
        var store = CreateStore();
        await SeedAsync(store, FileStateStore.HistoryLimit);

        await CommitAsync(store, CreateState(FileStateStore.HistoryLimit + 1), CreateAudit(FileStateStore.HistoryLimit + 1));

        var history = await CreateStoreOnSameBackingState().ReadHistoryAsync(int.MaxValue, CancellationToken.None);
        Assert.Equal(FileStateStore.HistoryLimit, history.Count);
        Assert.Equal(FileStateStore.HistoryLimit + 1, history[0].Version);
        Assert.Equal(2, history[^1].Version);
    }

    [Fact]
    public async Task SeedAsync_ThreeVersions_WritesWhatThreeCommitsWrite()
    {
        var seeded = CreateStore();
        await SeedAsync(seeded, 3);
        var seededFile = await File.ReadAllTextAsync(StatePath);
        File.Delete(StatePath);

        await CommitVersionsAsync(CreateStore(), 1, 3);

        Assert.Equal(await File.ReadAllTextAsync(StatePath), seededFile);
    }

    /// <summary>Writes the file the store would have written after <paramref name="version"/> commits, without the thousand rewrites.</summary>
    protected override async Task SeedAsync(IStateStore store, long version)
    {
        var first = Math.Max(1, version - FileStateStore.HistoryLimit + 1);
        var state = CreateState(version);
        var document = new StoredStateDocument
        {
            Version = version,
            BlueWeight = state.Weights.BluePercent,
            GreenWeight = state.Weights.GreenPercent,
            Stable = state.Stable.Name(),
            Destinations = [.. state.Destinations.Items.Select(StoredDestinationOverride.Of)],
            History = [.. Enumerable.Range(0, (int)(version - first + 1)).Select(i => StoredAuditEvent.Of(CreateAudit(first + i)))],
        };
        await using var stream = File.Create(StatePath);
        await JsonSerializer.SerializeAsync(stream, document, SeedJsonOptions);
    }

    /// <summary>Commits one valid state through the store, then replaces one top-level property of the file.</summary>
    private async Task WriteCommittedFileWithAsync(params (string Property, JsonNode? Value)[] changes)
    {
        await CommitAsync(CreateStore(), new StoredState(1, PoolWeights.AllBlue, Pool.Blue), CreateAudit(1));
        var document = JsonNode.Parse(await File.ReadAllTextAsync(StatePath))!.AsObject();
        foreach (var (property, value) in changes)
        {
            Assert.True(document.ContainsKey(property), $"the state file should have '{property}': {document}");
            document[property] = value;
        }

        await File.WriteAllTextAsync(StatePath, document.ToJsonString());
    }
}
