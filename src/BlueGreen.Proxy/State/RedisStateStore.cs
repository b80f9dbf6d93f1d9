using System.Text.Json;
using BlueGreen.Core.State;
using StackExchange.Redis;

namespace BlueGreen.Proxy.State;

/// <summary>
/// Keeps the routing state in Redis for a fleet of proxies: the state as one versioned JSON document, every commit a
/// compare-and-set on its version in one Lua script that also appends the audit event to a capped stream and
/// announces the version on a channel, all atomically. Any Redis failure is the store-unavailable answer.
/// </summary>
internal sealed class RedisStateStore : IStateStore
{
    /// <summary>How many audit events the stream keeps at least (it is trimmed approximately, never below this).</summary>
    public const int HistoryLimit = 1000;

    // A commit stores the next version only over the one before it; a seed stores a version only where none is.
    // Either way the state, its version, the audit event and the announcement go together or not at all.
    // KEYS: state, version, history. ARGV: seed (1 or 0), version, state, audit event, history limit, channel.
    private const string WriteScript = """
        local current = redis.call('GET', KEYS[2])
        if ARGV[1] == '1' then
          if current then
            return 0
          end
        elseif tonumber(current or '0') ~= tonumber(ARGV[2]) - 1 then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'event', ARGV[4])
        redis.call('PUBLISH', ARGV[6], ARGV[2])
        return 1
        """;

    private static readonly RedisKey[] WriteKeys = [RedisKeys.State, RedisKeys.Version, RedisKeys.History];

    private readonly RedisConnection _connection;

    public RedisStateStore(RedisConnection connection)
    {
        _connection = connection;
    }

    public string Description => $"redis {_connection.Endpoint}";

    public async Task<StoredState?> LoadAsync(CancellationToken cancellationToken)
    {
        var json = await RunAsync(db => db.StringGetAsync(RedisKeys.State)).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            var document = JsonSerializer.Deserialize((string)json!, StoredStateJsonContext.Default.StoredStateDocument) ?? throw new JsonException("the state holds null");
            return document.ToStoredState();
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            // A state that cannot be read is never silently replaced: that could move traffic.
            throw new StateStoreUnavailableException($"The state in Redis ({RedisKeys.State}) cannot be read: {ex.Message}", ex);
        }
    }

    public Task<bool> TryCommitAsync(StoredState next, AuditEvent audit, CancellationToken cancellationToken) => WriteAsync(seed: false, next, audit);

    public Task<bool> TrySeedAsync(StoredState state, AuditEvent audit, CancellationToken cancellationToken) => WriteAsync(seed: true, state, audit);

    private async Task<bool> WriteAsync(bool seed, StoredState next, AuditEvent audit)
    {
        // Keys and arguments by position, not a LuaScript's named parameters: those are read from an object by reflection.
        RedisValue[] arguments =
        [
            seed ? 1 : 0,
            next.Version,
            JsonSerializer.Serialize(StoredStateDocument.Of(next, []), StoredStateJsonContext.Default.StoredStateDocument),
            JsonSerializer.Serialize(StoredAuditEvent.Of(audit), StoredStateJsonContext.Default.StoredAuditEvent),
            HistoryLimit,
            RedisKeys.Changes,
        ];
        var result = await RunAsync(db => db.ScriptEvaluateAsync(WriteScript, WriteKeys, arguments)).ConfigureAwait(false);
        return (int)result == 1;
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        var entries = await RunAsync(db => db.StreamRangeAsync(RedisKeys.History, count: limit, messageOrder: Order.Descending)).ConfigureAwait(false);
        return entries
            .Select(entry => JsonSerializer.Deserialize((string)entry["event"]!, StoredStateJsonContext.Default.StoredAuditEvent)!.ToAuditEvent())
            .ToList();
    }

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(_connection.Database).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw new StateStoreUnavailableException($"Redis at {_connection.Endpoint} is unavailable: {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            // StackExchange.Redis times out with a TimeoutException, not a RedisException: a hung (frozen) Redis. A
            // write may have landed before the answer was lost; the follower takes it if it did.
            throw new StateStoreUnavailableException(
                $"Redis at {_connection.Endpoint} did not answer within {RedisConnection.Timeout.TotalSeconds:0.#} s (a write may or may not have landed; read the state again): {ex.Message}",
                ex);
        }
    }
}
