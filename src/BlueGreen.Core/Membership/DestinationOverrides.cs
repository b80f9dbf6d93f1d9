using System.Collections.Immutable;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Membership;

/// <summary>
/// Every destination change the admin plane made (added destinations, modes, deletions), kept in the routing state
/// so that it outlives a restart and reaches every proxy sharing the store. The configuration gives the pools;
/// these overrides are applied on top. Immutable, ordered by pool and id, equal when their contents are.
/// </summary>
public sealed class DestinationOverrides : IEquatable<DestinationOverrides>
{
    private static readonly Comparer<DestinationOverride> ByPoolThenId = Comparer<DestinationOverride>.Create(static (x, y) =>
        x.Pool != y.Pool ? x.Pool.CompareTo(y.Pool) : string.CompareOrdinal(x.Id, y.Id));

    /// <summary>No changes: the pools are exactly as configured.</summary>
    public static DestinationOverrides None { get; } = new(ImmutableArray<DestinationOverride>.Empty);

    private DestinationOverrides(ImmutableArray<DestinationOverride> items)
    {
        Items = items;
    }

    /// <summary>The overrides, ordered by pool, then id.</summary>
    public ImmutableArray<DestinationOverride> Items { get; }

    /// <summary>Builds overrides from any sequence; a later entry for the same destination wins.</summary>
    public static DestinationOverrides From(IEnumerable<DestinationOverride> overrides) =>
        overrides.Aggregate(None, static (all, item) => all.With(item));

    /// <summary>The override of one destination, or <see langword="null"/>.</summary>
    public DestinationOverride? Find(Pool pool, string id)
    {
        var index = IndexOf(pool, id);
        return index >= 0 ? Items[index] : null;
    }

    /// <summary>
    /// These overrides with <paramref name="item"/> in place of any earlier one for the same destination; a neutral
    /// override (configured and active) is dropped rather than kept.
    /// </summary>
    public DestinationOverrides With(DestinationOverride item)
    {
        var index = IndexOf(item.Pool, item.Id);
        if (item.IsNeutral)
        {
            return index >= 0 ? new DestinationOverrides(Items.RemoveAt(index)) : this;
        }

        return new DestinationOverrides(index >= 0 ? Items.SetItem(index, item) : Items.Insert(~index, item));
    }

    /// <summary>These overrides without any for the destination.</summary>
    public DestinationOverrides Without(Pool pool, string id)
    {
        var index = IndexOf(pool, id);
        return index >= 0 ? new DestinationOverrides(Items.RemoveAt(index)) : this;
    }

    /// <inheritdoc />
    public bool Equals(DestinationOverrides? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DestinationOverrides);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Items)}]";

    private int IndexOf(Pool pool, string id) =>
        Items.BinarySearch(new DestinationOverride(pool, id, null, DestinationMode.Active), ByPoolThenId);
}
