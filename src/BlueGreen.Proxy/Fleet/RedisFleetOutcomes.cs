using System.Text.Json;
using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.State;

namespace BlueGreen.Proxy.Fleet;

/// <summary>
/// Every proxy's outcome totals in one Redis hash, a field per proxy, so the proxy driving a rollout adds up the whole
/// fleet's traffic. A field not refreshed for <see cref="Stale"/> belongs to a proxy that is gone and is removed.
/// </summary>
internal sealed class RedisFleetOutcomes : IFleetOutcomes
{
    /// <summary>How long a proxy's published totals count without being refreshed.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    private readonly RedisConnection _connection;
    private readonly PoolOutcomes _outcomes;
    private readonly FleetInstance _instance;
    private readonly TimeProvider _timeProvider;

    public RedisFleetOutcomes(RedisConnection connection, PoolOutcomes outcomes, FleetInstance instance, TimeProvider timeProvider)
    {
        _connection = connection;
        _outcomes = outcomes;
        _instance = instance;
        _timeProvider = timeProvider;
    }

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var published = new PublishedOutcomes
        {
            AtUnixMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Blue = PublishedOutcomes.PublishedPool.Of(_outcomes.Snapshot(Pool.Blue)),
            Green = PublishedOutcomes.PublishedPool.Of(_outcomes.Snapshot(Pool.Green)),
        };
        await _connection.Database.HashSetAsync(RedisKeys.Outcomes, _instance.Id, JsonSerializer.Serialize(published, FleetJsonContext.Default.PublishedOutcomes)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FleetMemberTotals>> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var members = new List<FleetMemberTotals>();
        foreach (var entry in await _connection.Database.HashGetAllAsync(RedisKeys.Outcomes).ConfigureAwait(false))
        {
            var published = JsonSerializer.Deserialize((string)entry.Value!, FleetJsonContext.Default.PublishedOutcomes);
            if (published is null || now - published.AtUnixMs > Stale.TotalMilliseconds)
            {
                await _connection.Database.HashDeleteAsync(RedisKeys.Outcomes, entry.Name).ConfigureAwait(false);
                continue;
            }

            members.Add(new FleetMemberTotals(entry.Name!, published.Blue.ToTotals(), published.Green.ToTotals()));
        }

        return members;
    }
}
