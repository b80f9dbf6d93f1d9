using System.Numerics;

namespace BlueGreen.Core.Analysis;

/// <summary>
/// Latencies in log-linear buckets (16 per power of two, so a bucket is at most 6.25 % wide) from 1 µs to about
/// 19 hours, counted with one interlocked increment: lock-free and allocation-free to record, good enough for a
/// p99 to judge a canary by.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;

    /// <summary>How many buckets there are.</summary>
    public const int BucketCount = (36 - SubBucketBits + 2) * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>Counts one latency of <paramref name="microseconds"/>.</summary>
    public void Record(long microseconds) => Interlocked.Increment(ref _counts[BucketOf(microseconds)]);

    /// <summary>Copies the counts (off the request path: it allocates).</summary>
    public long[] Snapshot()
    {
        var copy = new long[BucketCount];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _counts[i]);
        }

        return copy;
    }

    /// <summary>The bucket of a latency: values below 16 µs each have their own, then 16 per power of two.</summary>
    public static int BucketOf(long microseconds)
    {
        if (microseconds < SubBuckets)
        {
            return (int)Math.Max(0, microseconds);
        }

        // [2^n, 2^(n+1)) splits into 16 buckets by the 4 bits after the leading one.
        var shift = BitOperations.Log2((ulong)microseconds) - SubBucketBits;
        var index = (shift * SubBuckets) + (int)(microseconds >> shift);
        return Math.Min(index, BucketCount - 1);
    }

    /// <summary>The largest latency (µs) a bucket holds: quantiles err on the slow side.</summary>
    public static long UpperBoundOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        var shift = (bucket / SubBuckets) - 1;
        var mantissa = (bucket % SubBuckets) + SubBuckets;
        return ((long)(mantissa + 1) << shift) - 1;
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0 to 1) in milliseconds of the latencies in <paramref name="counts"/> (a
    /// snapshot, or the difference of two); null when they hold none.
    /// </summary>
    public static double? QuantileMs(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var bucket = 0; bucket < counts.Length; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank && counts[bucket] > 0)
            {
                return UpperBoundOf(bucket) / 1000.0;
            }
        }

        return UpperBoundOf(counts.Length - 1) / 1000.0;
    }

    /// <summary>
    /// How many latencies in <paramref name="counts"/> (a snapshot, or the difference of two) lie in buckets strictly
    /// above the bucket of <paramref name="microseconds"/>: with a pool's running p99 as the latency, the requests
    /// that were surely slower than it. Pass the p99 in whole microseconds (<c>Math.Round(ms * 1000)</c>, not a
    /// truncation, which could fall into the bucket below).
    /// </summary>
    public static long CountAbove(ReadOnlySpan<long> counts, long microseconds)
    {
        long above = 0;
        for (var bucket = BucketOf(microseconds) + 1; bucket < counts.Length; bucket++)
        {
            above += counts[bucket];
        }

        return above;
    }
}
