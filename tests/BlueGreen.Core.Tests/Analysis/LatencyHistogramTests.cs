using BlueGreen.Core.Analysis;

namespace BlueGreen.Core.Tests.Analysis;

public sealed class LatencyHistogramTests
{
    // Every value from 0 to 2^20 µs, then a geometric walk up to about 19 hours (2^36 µs).
    private static IEnumerable<long> Latencies()
    {
        for (long v = 0; v <= 1 << 20; v++)
        {
            yield return v;
        }

        for (double v = 1 << 20; v < 1L << 36; v *= 1.013)
        {
            yield return (long)v;
        }
    }

    [Fact]
    public void BucketOf_AnyLatency_LandsInABucketWhoseUpperBoundHoldsItWithinSixPointTwoFivePercent()
    {
        foreach (var v in Latencies())
        {
            var bucket = LatencyHistogram.BucketOf(v);
            var upper = LatencyHistogram.UpperBoundOf(bucket);
            var lower = bucket == 0 ? 0 : LatencyHistogram.UpperBoundOf(bucket - 1) + 1;

            Assert.InRange(bucket, 0, LatencyHistogram.BucketCount - 1);
            Assert.InRange(v, lower, upper);
            if (v >= 16)
            {
                Assert.True(upper - lower + 1 <= v * 0.0625, $"bucket {bucket} of {v} µs is {upper - lower + 1} µs wide");
            }
        }
    }

    [Fact]
    public void BucketOf_IncreasingLatencies_NeverGoesDown()
    {
        var previous = LatencyHistogram.BucketOf(0);
        foreach (var v in Latencies())
        {
            var bucket = LatencyHistogram.BucketOf(v);
            Assert.True(bucket >= previous, $"{v} µs went back from bucket {previous} to {bucket}");
            previous = bucket;
        }
    }

    [Fact]
    public void UpperBoundOf_EveryBucket_IsStrictlyIncreasingAndMapsBackToItself()
    {
        for (var bucket = 0; bucket < LatencyHistogram.BucketCount; bucket++)
        {
            var upper = LatencyHistogram.UpperBoundOf(bucket);
            Assert.Equal(bucket, LatencyHistogram.BucketOf(upper));
            if (bucket > 0)
            {
                Assert.True(upper > LatencyHistogram.UpperBoundOf(bucket - 1));
            }
        }
    }

    [Fact]
    public void BucketOf_Negative_IsTheFirstBucket() => Assert.Equal(0, LatencyHistogram.BucketOf(-5));

    [Fact]
    public void QuantileMs_NinetyNinePercentFast_IsTheFastLatencyWithinABucket()
    {
        var p99 = LatencyHistogram.QuantileMs(Counts((10_000, 990), (500_000, 10)), 0.99);

        Assert.NotNull(p99);
        Assert.InRange(p99.Value, 10, 10 * 1.0625);
    }

    [Fact]
    public void QuantileMs_TwoPercentSlow_IsTheSlowLatencyWithinABucket()
    {
        var p99 = LatencyHistogram.QuantileMs(Counts((10_000, 980), (500_000, 20)), 0.99);

        Assert.NotNull(p99);
        Assert.InRange(p99.Value, 500, 500 * 1.0625);
    }

    [Fact]
    public void QuantileMs_MedianOfThreeLatencies_IsTheMiddleOne()
    {
        var p50 = LatencyHistogram.QuantileMs(Counts((1_000, 1), (2_000, 1), (300_000, 1)), 0.5);

        Assert.InRange(p50!.Value, 2, 2 * 1.0625);
    }

    [Fact]
    public void QuantileMs_Empty_IsNull() =>
        Assert.Null(LatencyHistogram.QuantileMs(new long[LatencyHistogram.BucketCount], 0.99));

    [Fact]
    public void Snapshot_AfterRecords_CountsEachInItsBucket()
    {
        var sut = new LatencyHistogram();
        sut.Record(10_000);
        sut.Record(10_000);
        sut.Record(7);

        var counts = sut.Snapshot();

        Assert.Equal(2, counts[LatencyHistogram.BucketOf(10_000)]);
        Assert.Equal(1, counts[7]);
        Assert.Equal(3, counts.Sum());
    }

    [Fact]
    public void CountAbove_LatenciesAroundTheP99_CountsOnlyBucketsStrictlyAboveItsBucket()
    {
        var counts = Counts((10_000, 980), (100_000, 15), (100_001, 2), (120_000, 3));

        Assert.Equal(3, LatencyHistogram.CountAbove(counts, 100_000));
        Assert.Equal(20, LatencyHistogram.CountAbove(counts, 10_000));
        Assert.Equal(0, LatencyHistogram.CountAbove(counts, 120_000));
    }

    [Fact]
    public void CountAbove_TheP99OfTheSameCounts_CountsAtMostOnePercent()
    {
        var counts = Counts((10_000, 985), (200_000, 10), (900_000, 5));
        var p99 = LatencyHistogram.QuantileMs(counts, 0.99)!.Value;

        Assert.Equal(5, LatencyHistogram.CountAbove(counts, (long)Math.Round(p99 * 1000)));
    }

    [Fact]
    public void CountAbove_LastBucketOrEmpty_IsZero()
    {
        Assert.Equal(0, LatencyHistogram.CountAbove(Counts((long.MaxValue, 4)), long.MaxValue));
        Assert.Equal(0, LatencyHistogram.CountAbove(new long[LatencyHistogram.BucketCount], 0));
    }

    private static long[] Counts(params (long Microseconds, long Count)[] latencies)
    {
        var counts = new long[LatencyHistogram.BucketCount];
        foreach (var (microseconds, count) in latencies)
        {
            counts[LatencyHistogram.BucketOf(microseconds)] += count;
        }

        return counts;
    }
}
