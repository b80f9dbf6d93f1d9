using System.Globalization;
using BlueGreen.Core.Routing;
using Xunit.Abstractions;

namespace BlueGreen.Core.Tests.Routing;

public sealed class HashRingTests(ITestOutputHelper output)
{
    private const int KeyCount = 10_000;
    private static readonly string[] Five = ["d1", "d2", "d3", "d4", "d5"];

    [Fact]
    public void Owner_SameKey_ReturnsSameDestinationInEveryRingBuiltFromTheSameIds()
    {
        var first = new HashRing(Five);
        var second = new HashRing(Five);

        foreach (var hash in KeyHashes())
        {
            Assert.Equal(first.Owner(hash), second.Owner(hash));
        }
    }

    [Fact]
    public void Owner_TenThousandKeysOverFive_SpreadsWithinAFewPercentOfEven()
    {
        var ring = new HashRing(Five);

        var counts = new int[Five.Length];
        foreach (var hash in KeyHashes())
        {
            counts[ring.Owner(hash)]++;
        }

        output.WriteLine($"keys per destination: {string.Join(", ", counts)}");
        Assert.All(counts, c => Assert.InRange(c, 1_500, 2_500));
    }

    [Fact]
    public void Owner_OneDestinationRemoved_MovesOnlyItsKeysAndAtMostAQuarter()
    {
        var before = new HashRing(Five);
        var remaining = Five.Where(d => d != "d3").ToArray();
        var after = new HashRing(remaining);

        var moved = 0;
        foreach (var hash in KeyHashes())
        {
            var was = Five[before.Owner(hash)];
            var now = remaining[after.Owner(hash)];
            if (was != now)
            {
                moved++;
                Assert.Equal("d3", was);
            }
            else
            {
                Assert.NotEqual("d3", was);
            }
        }

        output.WriteLine($"removing d3 moved {moved} of {KeyCount} keys ({100.0 * moved / KeyCount:F2} %)");
        Assert.InRange(moved, 1, KeyCount / 4);
    }

    [Fact]
    public void Owner_RemovedDestinationAddedBack_MovesItsKeysBackExactly()
    {
        var full = new HashRing(Five);
        var remaining = Five.Where(d => d != "d3").ToArray();
        var without = new HashRing(remaining);
        var restored = new HashRing(["d3", .. remaining]);

        var movedBack = 0;
        foreach (var hash in KeyHashes())
        {
            var original = Five[full.Owner(hash)];
            var back = restored.Owner(hash) == 0 ? "d3" : remaining[restored.Owner(hash) - 1];
            Assert.Equal(original, back);
            if (remaining[without.Owner(hash)] != back)
            {
                movedBack++;
            }
        }

        output.WriteLine($"adding d3 back moved {movedBack} keys back to it");
    }

    [Fact]
    public void Pick_HotKeysCarryMostLoad_NoDestinationExceedsTheBound()
    {
        const double balanceFactor = 1.25;
        var ring = new HashRing(Five);
        var hot = KeyHashes().Take(100).ToArray();
        var cold = KeyHashes().Skip(100).ToArray();
        var loads = new int[Five.Length];
        var random = new Random(17);

        // 9 in 10 requests are for the hot keys; requests stay in flight, so the loads only grow.
        for (var request = 0; request < 5_000; request++)
        {
            var hash = random.Next(10) < 9 ? hot[random.Next(hot.Length)] : cold[random.Next(cold.Length)];
            loads[ring.Pick(hash, loads, balanceFactor)]++;

            var mean = (double)(request + 1) / Five.Length;
            Assert.True(loads.Max() <= Math.Ceiling(balanceFactor * mean), $"after {request + 1}: {string.Join(", ", loads)}");
        }

        output.WriteLine($"in flight per destination: {string.Join(", ", loads)}");
    }

    [Fact]
    public void Pick_LoadsEven_ReturnsTheOwner()
    {
        var ring = new HashRing(Five);
        int[] loads = [3, 3, 3, 3, 3];

        foreach (var hash in KeyHashes().Take(1_000))
        {
            Assert.Equal(ring.Owner(hash), ring.Pick(hash, loads, 1.25));
        }
    }

    [Fact]
    public void Pick_EmptyRing_ReturnsMinusOne()
    {
        var ring = new HashRing([]);

        Assert.Equal(-1, ring.Pick(HashRing.HashKey("/a".AsSpan()), [], 1.25));
        Assert.Equal(-1, ring.Owner(1));
    }

    [Theory]
    [InlineData("Path", HashKeySource.Path, "")]
    [InlineData("pathandquery", HashKeySource.PathAndQuery, "")]
    [InlineData("Header:X-User", HashKeySource.Header, "X-User")]
    [InlineData("Cookie:session", HashKeySource.Cookie, "session")]
    [InlineData("ClientIp", HashKeySource.ClientIp, "")]
    public void HashKeyTryParse_ValidForm_Parses(string text, HashKeySource source, string name)
    {
        Assert.True(HashKey.TryParse(text, out var key));
        Assert.Equal(new HashKey(source, name), key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Query")]
    [InlineData("Header")]
    [InlineData("Header:")]
    [InlineData("Cookie:a b")]
    [InlineData("Path:x")]
    [InlineData("1")]
    public void HashKeyTryParse_InvalidForm_Fails(string text) => Assert.False(HashKey.TryParse(text, out _));

    private static IEnumerable<ulong> KeyHashes() =>
        Enumerable.Range(0, KeyCount).Select(i => HashRing.HashKey($"/users/{i.ToString(CultureInfo.InvariantCulture)}".AsSpan()));
}
