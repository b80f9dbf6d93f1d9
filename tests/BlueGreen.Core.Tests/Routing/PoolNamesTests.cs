using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public class PoolNamesTests
{
    [Theory]
    [InlineData("blue", Pool.Blue)]
    [InlineData("green", Pool.Green)]
    [InlineData("BLUE", Pool.Blue)]
    [InlineData("GREEN", Pool.Green)]
    [InlineData("Blue", Pool.Blue)]
    [InlineData("gReEn", Pool.Green)]
    public void TryParse_KnownNameInAnyCase_ReturnsPool(string value, Pool expected)
    {
        var parsed = PoolNames.TryParse(value, out var pool);

        Assert.True(parsed);
        Assert.Equal(expected, pool);
    }

    [Theory]
    [InlineData("")]
    [InlineData("purple")]
    [InlineData("blu")]
    [InlineData("greens")]
    [InlineData("bluegreen")]
    [InlineData(" blue")]
    [InlineData("green ")]
    [InlineData("0")]
    [InlineData("1")]
    public void TryParse_UnknownOrEmpty_ReturnsFalse(string value)
    {
        var parsed = PoolNames.TryParse(value, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_DefaultSpan_ReturnsFalse()
    {
        var parsed = PoolNames.TryParse(default, out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData(Pool.Blue, "blue")]
    [InlineData(Pool.Green, "green")]
    public void Name_Pool_ReturnsWireName(Pool pool, string expected)
    {
        Assert.Equal(expected, pool.Name());
    }

    [Theory]
    [InlineData(Pool.Blue)]
    [InlineData(Pool.Green)]
    public void Name_Pool_RoundTripsThroughTryParse(Pool pool)
    {
        Assert.True(PoolNames.TryParse(pool.Name(), out var parsed));
        Assert.Equal(pool, parsed);
    }

    [Theory]
    [InlineData(Pool.Blue, Pool.Green)]
    [InlineData(Pool.Green, Pool.Blue)]
    public void Other_Pool_ReturnsTheOtherPool(Pool pool, Pool expected)
    {
        Assert.Equal(expected, pool.Other());
    }

    [Fact]
    public void All_Always_ListsBlueThenGreen()
    {
        Assert.Equal([Pool.Blue, Pool.Green], PoolNames.All);
    }
}
