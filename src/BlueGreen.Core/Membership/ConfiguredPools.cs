using System.Collections.Frozen;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Membership;

/// <summary>
/// The destinations the configuration gives each pool, and the pools' members once the admin plane's overrides
/// (<see cref="DestinationOverrides"/>) are applied on top. Immutable.
/// </summary>
public sealed class ConfiguredPools
{
    private readonly FrozenDictionary<string, string>[] _pools;

    /// <summary>Pools with no configured destination.</summary>
    public static ConfiguredPools Empty { get; } = new(new Dictionary<Pool, IReadOnlyDictionary<string, string>>());

    /// <summary>Takes each pool's destinations (id to address); a pool left out has none.</summary>
    public ConfiguredPools(IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> pools)
    {
        _pools = PoolNames.All
            .Select(pool => (pools.GetValueOrDefault(pool) ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal))
            .ToArray();
    }

    /// <summary>The configured destinations of <paramref name="pool"/>: id to address.</summary>
    public IReadOnlyDictionary<string, string> Of(Pool pool) => _pools[(int)pool];

    /// <summary>The pool's members: its configured destinations with <paramref name="overrides"/> applied.</summary>
    public IReadOnlyDictionary<string, PoolMember> Members(Pool pool, DestinationOverrides overrides)
    {
        var configured = _pools[(int)pool];
        var members = configured.ToDictionary(
            d => d.Key, d => new PoolMember(d.Key, d.Value, DestinationMode.Active, FromConfiguration: true), StringComparer.Ordinal);
        foreach (var item in overrides.Items)
        {
            if (item.Pool != pool)
            {
                continue;
            }

            if (item.Mode == DestinationMode.Removed)
            {
                members.Remove(item.Id);
            }
            else if (item.Address is not null)
            {
                members[item.Id] = new PoolMember(item.Id, item.Address, item.Mode, FromConfiguration: false);
            }
            else if (configured.TryGetValue(item.Id, out var address))
            {
                members[item.Id] = new PoolMember(item.Id, address, item.Mode, FromConfiguration: true);
            }

            // A mode kept for a destination the configuration no longer has applies to nothing.
        }

        return members;
    }

    /// <summary>The active members of each pool (id to address): what the proxy routes to.</summary>
    public IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> Active(DestinationOverrides overrides) =>
        PoolNames.All.ToDictionary(
            pool => pool,
            pool => (IReadOnlyDictionary<string, string>)Members(pool, overrides).Values
                .Where(member => member.Mode == DestinationMode.Active)
                .ToDictionary(member => member.Id, member => member.Address, StringComparer.Ordinal));
}
