using System.Globalization;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public class PoolWeightsTests
{
    [Theory]
    [InlineData("100", "0", 0)]
    [InlineData("0", "100", 10_000)]
    [InlineData("95", "5", 500)]
    [InlineData("50", "50", 5_000)]
    [InlineData("99.99", "0.01", 1)]
    [InlineData("0.01", "99.99", 9_999)]
    [InlineData("66.67", "33.33", 3_333)]
    [InlineData("12.5", "87.5", 8_750)]
    [InlineData("95.000", "5.000", 500)]
    public void TryFromPercent_ValidSplit_ReturnsExactBasisPoints(string blue, string green, int expectedGreenBasisPoints)
    {
        var parsed = PoolWeights.TryFromPercent(Percent(blue), Percent(green), out var weights);

        Assert.True(parsed);
        Assert.Equal(expectedGreenBasisPoints, weights.GreenBasisPoints);
        Assert.Equal(PoolWeights.Total - expectedGreenBasisPoints, weights.BlueBasisPoints);
        Assert.Equal(Percent(green), weights.GreenPercent);
        Assert.Equal(Percent(blue), weights.BluePercent);
    }

    [Fact]
    public void TryFromPercent_EveryHundredthStep_IsAccepted()
    {
        for (var basisPoints = 0; basisPoints <= PoolWeights.Total; basisPoints++)
        {
            var green = basisPoints / 100m;
            var blue = 100m - green;

            Assert.True(PoolWeights.TryFromPercent(blue, green, out var weights), $"green={green}");
            Assert.Equal(basisPoints, weights.GreenBasisPoints);
        }
    }

    [Theory]
    [InlineData("95", "4")]
    [InlineData("95", "6")]
    [InlineData("0", "0")]
    [InlineData("100", "100")]
    [InlineData("99.99", "0.02")]
    [InlineData("50", "49.99")]
    public void TryFromPercent_SumNotExactlyHundred_ReturnsFalse(string blue, string green)
    {
        Assert.False(PoolWeights.TryFromPercent(Percent(blue), Percent(green), out var weights));
        Assert.Equal(default, weights);
    }

    [Theory]
    [InlineData("-5", "105")]
    [InlineData("105", "-5")]
    [InlineData("-0.01", "100.01")]
    public void TryFromPercent_NegativeOrAboveHundred_ReturnsFalse(string blue, string green)
    {
        Assert.False(PoolWeights.TryFromPercent(Percent(blue), Percent(green), out _));
    }

    [Theory]
    [InlineData("99.995", "0.005")]
    [InlineData("0.005", "99.995")]
    [InlineData("33.333", "66.667")]
    [InlineData("99.999", "0.001")]
    [InlineData("50.0001", "49.9999")]
    public void TryFromPercent_MoreThanTwoDecimals_ReturnsFalse(string blue, string green)
    {
        Assert.False(PoolWeights.TryFromPercent(Percent(blue), Percent(green), out _));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("100", true)]
    [InlineData("0.01", true)]
    [InlineData("99.99", true)]
    [InlineData("5.10", true)]
    [InlineData("-0.01", false)]
    [InlineData("100.01", false)]
    [InlineData("0.001", false)]
    public void IsValidPercent_Value_ReturnsExpected(string percent, bool expected)
    {
        Assert.Equal(expected, PoolWeights.IsValidPercent(Percent(percent)));
    }

    [Theory]
    [InlineData(0, "blue=100,green=0")]
    [InlineData(10_000, "blue=0,green=100")]
    [InlineData(500, "blue=95,green=5")]
    [InlineData(1, "blue=99.99,green=0.01")]
    [InlineData(1_250, "blue=87.5,green=12.5")]
    [InlineData(5_000, "blue=50,green=50")]
    public void ToString_Weights_UsesInvariantShortestPercentages(int greenBasisPoints, string expected)
    {
        Assert.Equal(expected, PoolWeights.FromGreenBasisPoints(greenBasisPoints).ToString());
    }

    [Fact]
    public void Default_Always_IsAllBlue()
    {
        Assert.Equal(PoolWeights.AllBlue, default);
        Assert.Equal(0, default(PoolWeights).GreenBasisPoints);
    }

    [Theory]
    [InlineData(Pool.Blue, 0)]
    [InlineData(Pool.Green, 10_000)]
    public void AllOn_Pool_PutsEveryBasisPointOnThatPool(Pool pool, int expectedGreenBasisPoints)
    {
        var weights = PoolWeights.AllOn(pool);

        Assert.Equal(expectedGreenBasisPoints, weights.GreenBasisPoints);
        Assert.Equal(100m, weights.PercentOf(pool));
        Assert.Equal(0m, weights.PercentOf(pool.Other()));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void FromGreenBasisPoints_OutOfRange_Throws(int greenBasisPoints)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolWeights.FromGreenBasisPoints(greenBasisPoints));
    }

    [Fact]
    public void Equality_SameSplit_IsEqual()
    {
        Assert.True(PoolWeights.TryFromPercent(95m, 5m, out var fromPercent));

        Assert.Equal(PoolWeights.FromGreenBasisPoints(500), fromPercent);
        Assert.NotEqual(PoolWeights.FromGreenBasisPoints(501), fromPercent);
    }

    // Decimal literals cannot be attribute arguments, so percentages come in as invariant strings.
    private static decimal Percent(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);
}
