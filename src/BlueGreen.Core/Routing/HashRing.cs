using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace BlueGreen.Core.Routing;

/// <summary>
/// A consistent-hash ring over a fixed set of destinations, with bounded loads ("Consistent Hashing with Bounded
/// Loads", Mirrokni, Thorup and Zadimoghaddam, 2018): a key belongs to the first destination clockwise from its
/// hash whose load is below the bound, so removing a destination moves only the keys it owned.
/// </summary>
public sealed class HashRing
{
    /// <summary>Virtual nodes per destination; 160 keeps each destination's share within a few percent of even.</summary>
    public const int DefaultVirtualNodes = 160;

    // A constant seed, not per process, so every proxy instance and every restart builds the same ring.
    private const long Seed = 0x42_6C_75_65_47_72_65_65;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    /// <summary>Builds the ring of <paramref name="destinationIds"/>; a destination's points depend on its id alone.</summary>
    public HashRing(IReadOnlyList<string> destinationIds, int virtualNodes = DefaultVirtualNodes)
    {
        ArgumentNullException.ThrowIfNull(destinationIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(virtualNodes);

        Count = destinationIds.Count;
        var points = new (ulong Point, int Owner)[Count * virtualNodes];
        Span<char> node = stackalloc char[16];
        for (var owner = 0; owner < Count; owner++)
        {
            var idHash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(destinationIds[owner].AsSpan()), Seed);
            for (var replica = 0; replica < virtualNodes; replica++)
            {
                // A point hashes the replica number seeded with the id's hash, so it depends on the id alone.
                replica.TryFormat(node, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                points[(owner * virtualNodes) + replica] = (XxHash3.HashToUInt64(MemoryMarshal.AsBytes(node[..written]), (long)idHash), owner);
            }
        }

        // Ties (astronomically rare) are broken by owner index so the order never depends on the sort's stability.
        Array.Sort(points, static (a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Owner.CompareTo(b.Owner));
        _points = new ulong[points.Length];
        _owners = new int[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            (_points[i], _owners[i]) = points[i];
        }
    }

    /// <summary>The number of destinations on the ring.</summary>
    public int Count { get; }

    /// <summary>Hashes a request key with the ring's fixed seed.</summary>
    public static ulong HashKey(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key, Seed);

    /// <summary>Hashes a request key made of characters (their UTF-16 bytes), with the ring's fixed seed.</summary>
    public static ulong HashKey(ReadOnlySpan<char> key) => HashKey(MemoryMarshal.AsBytes(key));

    /// <summary>Folds <paramref name="more"/> into <paramref name="hash"/>, for keys read in parts, without copying them together.</summary>
    public static ulong Append(ulong hash, ReadOnlySpan<char> more) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(more), (long)hash);

    /// <summary>The index of the destination that owns <paramref name="keyHash"/> when loads are ignored; -1 on an empty ring.</summary>
    public int Owner(ulong keyHash) => Count == 0 ? -1 : _owners[Start(keyHash)];

    /// <summary>
    /// The index of the destination for <paramref name="keyHash"/> given each destination's current load
    /// (<paramref name="loads"/>, by index): the first clockwise whose load is below
    /// <c>ceil(balanceFactor × (total + 1) / count)</c>, the bound counting the request being placed; -1 on an empty ring.
    /// </summary>
    public int Pick(ulong keyHash, ReadOnlySpan<int> loads, double balanceFactor)
    {
        if (Count == 0)
        {
            return -1;
        }

        Debug.Assert(loads.Length == Count, "one load per destination");
        Debug.Assert(balanceFactor > 1, "a bound at or below the mean cannot be met by every destination");

        long total = 1;
        foreach (var load in loads)
        {
            total += Math.Max(load, 0);
        }

        var bound = (long)Math.Ceiling(balanceFactor * total / Count);
        var start = Start(keyHash);
        for (var step = 0; step < _points.Length; step++)
        {
            var owner = _owners[(start + step) % _points.Length];
            if (loads[owner] < bound)
            {
                return owner;
            }
        }

        // Unreachable: the bound times the count exceeds the total, so some destination is below it.
        return _owners[start];
    }

    /// <summary>The first ring position at or after <paramref name="keyHash"/>, wrapping past the top.</summary>
    private int Start(ulong keyHash)
    {
        var index = Array.BinarySearch(_points, keyHash);
        if (index < 0)
        {
            index = ~index;
        }

        return index == _points.Length ? 0 : index;
    }
}
