using BlueGreen.Core.Rollouts;

namespace BlueGreen.Core.Tests.Rollouts;

public sealed class RampDownTests
{
    [Fact]
    public void Next_HalfEachStage_HalvesUntilBelowTheOnePercentFloorThenZero()
    {
        var sut = new RampDown(50, TimeSpan.FromSeconds(5));
        var shares = new List<int>();

        for (var share = 5_000; share > 0; share = sut.Next(share))
        {
            shares.Add(share);
        }

        Assert.Equal([5_000, 2_500, 1_250, 625, 312, 156], shares);
        Assert.Equal(0, sut.Next(156));
    }

    [Fact]
    public void Next_AHundredPercent_GoesToZeroAtOnce() =>
        Assert.Equal(0, new RampDown(100, TimeSpan.FromSeconds(5)).Next(10_000));

    [Fact]
    public void Next_AtTheFloor_KeepsIt() => Assert.Equal(100, new RampDown(50, TimeSpan.FromSeconds(5)).Next(200));

    [Fact]
    public void Next_FractionalPercent_RoundsDown() => Assert.Equal(666, new RampDown(33.33m, TimeSpan.FromSeconds(5)).Next(1_000));
}
