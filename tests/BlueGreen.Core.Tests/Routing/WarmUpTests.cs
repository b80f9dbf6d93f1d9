using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public sealed class WarmUpTests
{
    private static readonly TimeSpan SlowStart = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0, 0.05)]
    [InlineData(2, 0.24)]
    [InlineData(5, 0.525)]
    [InlineData(10, 1)]
    [InlineData(60, 1)]
    public void Share_ElapsedOfTheWarmUp_RisesLinearlyFromFivePercentToAll(double seconds, double expected) =>
        Assert.Equal(expected, WarmUp.Share(TimeSpan.FromSeconds(seconds), SlowStart), 3);

    [Fact]
    public void Share_NegativeElapsed_IsTheFirstShare() =>
        Assert.Equal(WarmUp.FirstShare, WarmUp.Share(TimeSpan.FromSeconds(-1), SlowStart));
}
