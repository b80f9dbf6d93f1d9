using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Membership;

/// <summary>
/// Builds the membership changes the admin plane offers (add, set a mode, delete) from the pools as they are:
/// each returns the overrides after the change with its audit description, or <see langword="null"/> when the
/// change does not fit the pools any more (the caller answers 409).
/// </summary>
public static class MembershipChanges
{
    /// <summary>Adds an active destination; <see langword="null"/> when the pool already has the id, departing or not.</summary>
    /// <param name="configured">The configured pools.</param>
    /// <param name="current">The overrides in force.</param>
    /// <param name="pool">The pool to add to.</param>
    /// <param name="id">The new destination's id.</param>
    /// <param name="address">Its address.</param>
    /// <param name="departing">The destination of that id whose deletion is still draining, if any.</param>
    public static DestinationsChange? Add(
        ConfiguredPools configured, DestinationOverrides current, Pool pool, string id, string address, PoolMember? departing)
    {
        if (departing is not null || configured.Members(pool, current).ContainsKey(id))
        {
            return null;
        }

        return new DestinationsChange(
            current.With(new DestinationOverride(pool, id, address, DestinationMode.Active)), "-", $"{pool.Name()}/{id}={address}");
    }

    /// <summary>
    /// Sets a destination's mode. A departing destination may only be enabled, which brings it back; <see langword="null"/>
    /// when it is gone, or when a departing one would stay out of rotation anyway.
    /// </summary>
    /// <param name="configured">The configured pools.</param>
    /// <param name="current">The overrides in force.</param>
    /// <param name="pool">The destination's pool.</param>
    /// <param name="id">The destination's id.</param>
    /// <param name="mode">The mode to set: active, draining or disabled.</param>
    /// <param name="departing">The destination of that id whose deletion is still draining, if any.</param>
    public static DestinationsChange? SetMode(
        ConfiguredPools configured, DestinationOverrides current, Pool pool, string id, DestinationMode mode, PoolMember? departing)
    {
        if (mode == DestinationMode.Removed)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "A deletion is built by Delete, which keeps what a restart needs.");
        }

        var member = configured.Members(pool, current).GetValueOrDefault(id) ?? (mode == DestinationMode.Active ? departing : null);
        if (member is null)
        {
            return null;
        }

        var name = $"{pool.Name()}/{id}";
        var address = member.FromConfiguration ? null : member.Address;
        return new DestinationsChange(
            current.With(new DestinationOverride(pool, id, address, mode)), $"{name} {member.ModeName}", $"{name} {mode.Name()}");
    }

    /// <summary>Deletes a destination; <see langword="null"/> when it is not a member (gone, or already departing).</summary>
    /// <param name="configured">The configured pools.</param>
    /// <param name="current">The overrides in force.</param>
    /// <param name="pool">The destination's pool.</param>
    /// <param name="id">The destination's id.</param>
    public static DestinationsChange? Delete(ConfiguredPools configured, DestinationOverrides current, Pool pool, string id)
    {
        if (configured.Members(pool, current).GetValueOrDefault(id) is not { } member)
        {
            return null;
        }

        // A configured destination needs a tombstone, or the next start would bring it back from the configuration;
        // an added one leaves nothing behind, so red-black deploys under new ids do not pile up tombstones.
        var next = configured.Of(pool).ContainsKey(id)
            ? current.With(new DestinationOverride(pool, id, null, DestinationMode.Removed))
            : current.Without(pool, id);
        var name = $"{pool.Name()}/{id}";
        return new DestinationsChange(next, $"{name} {member.ModeName}", $"{name} draining, removed once drained");
    }
}
