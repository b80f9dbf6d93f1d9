using System.IO.Hashing;

namespace BlueGreen.Core.Routing;

/// <summary>
/// Maps a user's sticky key to one of 10,000 buckets. A user whose bucket is below green's weight is on
/// green, so raising green's weight only ever moves users from blue to green.
/// </summary>
public static class StickyBucket
{
    /// <summary>The number of buckets, one per basis point of weight.</summary>
    public const int Count = PoolWeights.Total;

    /// <summary>
    /// Returns the bucket of <paramref name="key"/>. The hash is seeded with a constant, not per process,
    /// so every proxy instance and every restart puts a user in the same bucket.
    /// </summary>
    public static int Of(ReadOnlySpan<byte> key)
    {
        var hash = XxHash3.HashToUInt64(key);

        // Multiply-high maps the 64-bit hash onto [0, Count) without the bias or cost of a modulo.
        return (int)Math.BigMul(hash, (ulong)Count, out _);
    }
}
