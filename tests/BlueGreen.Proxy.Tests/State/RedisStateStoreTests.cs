using BlueGreen.Core.State;
using BlueGreen.Proxy.State;
using BlueGreen.Proxy.Tests.Infrastructure;
using StackExchange.Redis;

namespace BlueGreen.Proxy.Tests.State;

/// <summary>The Redis store passes the same contract as the file store, against a real redis-server.</summary>
public sealed class RedisStateStoreTests : StateStoreContractTests, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private readonly List<RedisConnection> _connections = [];

    public RedisStateStoreTests(RedisServer redis)
    {
        _redis = redis;
    }

    public async Task InitializeAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true");
        await admin.GetServer(admin.GetEndPoints()[0]).FlushAllDatabasesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override IStateStore CreateStore() => NewStore();

    protected override IStateStore CreateStoreOnSameBackingState() => NewStore();

    [Fact]
    public async Task LoadAsync_RedisStopped_ThrowsStoreUnavailableWithinTheTimeout()
    {
        var store = NewStore();
        await _redis.StopAsync();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.LoadAsync(CancellationToken.None));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        }
        finally
        {
            await _redis.StartAsync();
        }
    }

    [Fact]
    public async Task TryCommitAsync_RedisFrozen_ThrowsStoreUnavailableWithinTheTimeout()
    {
        var store = NewStore();
        await store.LoadAsync(CancellationToken.None);
        _redis.Freeze();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.TryCommitAsync(CreateState(1), CreateAudit(1), CancellationToken.None));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
            Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            _redis.Thaw();
        }
    }

    private RedisStateStore NewStore()
    {
        var connection = new RedisConnection(_redis.ConnectionString);
        _connections.Add(connection);
        return new RedisStateStore(connection);
    }
}
