using System.Globalization;
using System.IO.Hashing;
using System.Text;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public class StickyBucketTests
{
    private const int KeyCount = 100_000;

    // 100 bins of 100 buckets (one percentage point of weight each) give 1,000 expected keys per bin.
    private const int Bins = 100;

    // Chi-square with 99 degrees of freedom: P(X > 160) and P(X < 55) are each about 1e-4, so a good
    // hash passes both with room to spare while a biased or counter-like one fails one of them.
    private const double MaxChiSquare = 160;
    private const double MinChiSquare = 55;

    [Fact]
    public void Of_SameKey_ReturnsSameBucket()
    {
        var first = StickyBucket.Of("0123456789abcdef"u8);
        var again = StickyBucket.Of("0123456789abcdef"u8.ToArray());

        Assert.Equal(first, again);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(first, StickyBucket.Of("0123456789abcdef"u8));
        }
    }

    [Fact]
    public void Of_EmptyKey_MatchesPublishedXxh3VectorWithSeedZero()
    {
        // XXH3_64bits("") with seed 0 is 0x2D06800538D394C2 (xxHash's own sanity vector);
        // floor(0x2D06800538D394C2 * 10000 / 2^64) = 1758. A per-process or changed seed would move every
        // user on upgrade or across instances, which the contract forbids.
        Assert.Equal(1758, StickyBucket.Of([]));
    }

    [Fact]
    public void Of_AnyKey_IsMultiplyHighOfUnseededXxHash3()
    {
        var random = new Random(1);
        var key = new byte[16];
        for (var i = 0; i < 1_000; i++)
        {
            random.NextBytes(key);
            var hash = XxHash3.HashToUInt64(key, seed: 0);
            var expected = (int)((UInt128)hash * StickyBucket.Count >> 64);

            Assert.Equal(expected, StickyBucket.Of(key));
        }
    }

    [Fact]
    public void Of_RandomKeys_StaysWithinBucketRange()
    {
        foreach (var key in StickyIdLikeKeys(seed: 2))
        {
            var bucket = StickyBucket.Of(key);

            Assert.InRange(bucket, 0, StickyBucket.Count - 1);
        }
    }

    [Fact]
    public void Of_RandomKeys_IsRoughlyUniform()
    {
        AssertRoughlyUniform(StickyIdLikeKeys(seed: 3));
    }

    [Fact]
    public void Of_SequentialKeys_IsRoughlyUniform()
    {
        // Structured keys (user ids, client addresses) are where a weak hash shows patterns.
        var keys = Enumerable.Range(0, KeyCount)
            .Select(i => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"user-{i}")));

        AssertRoughlyUniform(keys);
    }

    [Fact]
    public void Of_ClientAddressKeys_IsRoughlyUniform()
    {
        var keys = Enumerable.Range(0, KeyCount)
            .Select(i => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"10.{i >> 16 & 0xFF}.{i >> 8 & 0xFF}.{i & 0xFF}")));

        AssertRoughlyUniform(keys);
    }

    [Fact]
    public void Of_RandomKeys_UsesNearlyEveryBucket()
    {
        var seen = new HashSet<int>();
        foreach (var key in StickyIdLikeKeys(seed: 4))
        {
            seen.Add(StickyBucket.Of(key));
        }

        // 100,000 keys over 10,000 buckets leave a bucket empty with probability e^-10, so about one in total.
        Assert.InRange(seen.Count, 9_990, StickyBucket.Count);
    }

    private static IEnumerable<byte[]> StickyIdLikeKeys(int seed)
    {
        // Shaped like StickyId.Create (16 lowercase hex characters) but reproducible.
        var random = new Random(seed);
        for (var i = 0; i < KeyCount; i++)
        {
            yield return Encoding.ASCII.GetBytes(random.NextInt64().ToString("x16", CultureInfo.InvariantCulture));
        }
    }

    private static void AssertRoughlyUniform(IEnumerable<byte[]> keys)
    {
        var bins = new int[Bins];
        var deciles = new int[10];
        var count = 0;
        foreach (var key in keys)
        {
            var bucket = StickyBucket.Of(key);
            bins[bucket * Bins / StickyBucket.Count]++;
            deciles[bucket * 10 / StickyBucket.Count]++;
            count++;
        }

        Assert.Equal(KeyCount, count);

        // Each decile expects 10,000 keys with a standard deviation of about 95; 5 % is over 5 of them.
        foreach (var decile in deciles)
        {
            Assert.InRange(decile, 9_500, 10_500);
        }

        var expected = (double)count / Bins;
        var chiSquare = bins.Sum(observed => (observed - expected) * (observed - expected) / expected);
        Assert.InRange(chiSquare, MinChiSquare, MaxChiSquare);
    }
}
