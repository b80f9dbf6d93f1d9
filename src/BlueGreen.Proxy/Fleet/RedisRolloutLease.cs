using BlueGreen.Proxy.State;
using StackExchange.Redis;

namespace BlueGreen.Proxy.Fleet;

/// <summary>
/// The rollout lease in Redis: a key holding the driving proxy's id with an expiry, set only when free and renewed
/// only by its holder (one Lua script), so when the driver dies another proxy takes over within <see cref="Expiry"/>.
/// The lease only decides who judges; the commits themselves are fenced by the state's version, so even a driver
/// that lost the lease without knowing it cannot overwrite a newer state.
/// </summary>
internal sealed class RedisRolloutLease : IRolloutLease
{
    /// <summary>How long a lease lasts without renewal.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3);

    // KEYS: the lease. ARGV: the owner, the expiry in milliseconds.
    private const string HoldScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private static readonly RedisKey[] HoldKeys = [RedisKeys.RolloutLease];

    private readonly RedisConnection _connection;
    private readonly string _owner;

    public RedisRolloutLease(RedisConnection connection, FleetInstance instance)
    {
        _connection = connection;
        _owner = instance.Id;
    }

    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        try
        {
            // By position, not a LuaScript's named parameters: those are read from an object by reflection.
            var result = await _connection.Database.ScriptEvaluateAsync(HoldScript, HoldKeys, [_owner, (long)Expiry.TotalMilliseconds]).ConfigureAwait(false);
            return (int)result == 1;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis away: nobody can be sure to hold the lease, so nobody drives; the weights hold.
            return false;
        }
    }
}
