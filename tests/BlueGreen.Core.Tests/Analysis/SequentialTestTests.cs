using BlueGreen.Core.Analysis;

namespace BlueGreen.Core.Tests.Analysis;

public sealed class SequentialTestTests
{
    [Fact]
    public void Constructor_NoWindows_HasLikelihoodRatioOneAndThresholdOneOverAlpha()
    {
        var sut = CreateSut();

        Assert.Equal(1, sut.LikelihoodRatio);
        Assert.Equal(20, sut.Threshold, 9);
        Assert.False(sut.Rejected);
        Assert.Equal(0, sut.Events);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_AlphaNotStrictlyBetweenZeroAndOne_Throws(double alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialTest(alpha));

    [Fact]
    public void Observe_WindowsWithoutEvents_KeepLikelihoodRatioOne()
    {
        var sut = CreateSut();

        for (var i = 0; i < 1_000; i++)
        {
            sut.Observe(5, 95, 0, 0);
        }

        Assert.Equal(1, sut.LikelihoodRatio);
        Assert.False(sut.Rejected);
    }

    [Fact]
    public void Observe_OneEventOnTheCanary_RaisesLikelihoodRatioAboveOne()
    {
        var sut = CreateSut();

        sut.Observe(5, 95, 1, 0);

        Assert.True(sut.LikelihoodRatio > 1);
        Assert.Equal(1, sut.Events);
    }

    [Fact]
    public void Observe_OneEventOnTheStablePool_LowersLikelihoodRatioBelowOne()
    {
        var sut = CreateSut();

        sut.Observe(5, 95, 0, 1);

        Assert.True(sut.LikelihoodRatio < 1);
    }

    [Fact]
    public void Observe_EventsOnlyOnTheCanary_RejectsWithinAFewEvents()
    {
        var sut = CreateSut();

        var windows = 0;
        while (!sut.Rejected && windows < 100)
        {
            sut.Observe(5, 95, 1, 0);
            windows++;
        }

        // At a 5 % share each canary event is worth up to a factor of 20 / (1 + 0.05 * 19) ≈ 10 for r = 20.
        Assert.True(sut.Rejected);
        Assert.InRange(windows, 2, 5);
        Assert.True(sut.LikelihoodRatio >= sut.Threshold);
    }

    [Fact]
    public void Observe_EventsExactlyInProportionToTheShare_KeepLikelihoodRatioLow()
    {
        var sut = CreateSut();

        // 5 % of requests on the canary, and 5 % of the events: 1 of every 20.
        for (var i = 0; i < 10_000; i++)
        {
            sut.Observe(50, 950, 1, 19);
        }

        Assert.False(sut.Rejected);
        Assert.True(sut.LikelihoodRatio < 1, $"likelihood ratio {sut.LikelihoodRatio}");
        Assert.Equal(200_000, sut.Events);
    }

    [Fact]
    public void Observe_ShareDiffersFromOneWindowToTheNext_UsesEachWindowsObservedShare()
    {
        var sut = CreateSut();

        // Sticky users move the share: the canary serves half, then a tenth, with events in proportion each time.
        for (var i = 0; i < 1_000; i++)
        {
            sut.Observe(50, 50, 5, 5);
            sut.Observe(10, 90, 1, 9);
        }

        Assert.False(sut.Rejected);
        Assert.True(sut.LikelihoodRatio < 1);
    }

    [Fact]
    public void Observe_CanaryFailingThreeTimesAsOften_Rejects()
    {
        var sut = CreateSut();

        // 5 % share, stable 1 %, canary 3 %: per 2,000 requests, 100 canary with 3 events and 1,900 stable with 19.
        var windows = 0;
        while (!sut.Rejected && windows < 100)
        {
            sut.Observe(100, 1_900, 3, 19);
            windows++;
        }

        Assert.True(sut.Rejected);
    }

    [Fact]
    public void Observe_AfterRejectingThenGoodWindows_StaysRejected()
    {
        var sut = CreateSut();
        while (!sut.Rejected)
        {
            sut.Observe(5, 95, 1, 0);
        }

        for (var i = 0; i < 10_000; i++)
        {
            sut.Observe(5, 95, 0, 5);
        }

        Assert.True(sut.Rejected);
        Assert.True(sut.LikelihoodRatio < sut.Threshold);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 0)]
    [InlineData(0, 0)]
    public void Observe_WindowWhereOnePoolServedNothing_IsSkipped(long canaryRequests, long stableRequests)
    {
        var sut = CreateSut();

        sut.Observe(canaryRequests, stableRequests, 3, 3);

        Assert.Equal(1, sut.LikelihoodRatio);
        Assert.Equal(0, sut.Events);
    }

    [Fact]
    public void Observe_NegativeCount_Throws()
    {
        var sut = CreateSut();

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Observe(-1, 10, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Observe(10, -1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Observe(10, 10, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Observe(10, 10, 0, -1));
    }

    [Fact]
    public void Observe_MillionsOfEventsEitherWay_StaysFinite()
    {
        var good = CreateSut();
        var bad = CreateSut();

        for (var i = 0; i < 10_000; i++)
        {
            good.Observe(1, 999, 0, 10_000);
            bad.Observe(1, 999, 1_000, 0);
        }

        Assert.True(double.IsFinite(good.LogLikelihoodRatio));
        Assert.True(double.IsFinite(bad.LogLikelihoodRatio));
        Assert.True(good.LogLikelihoodRatio < -1_000);
        Assert.True(bad.LogLikelihoodRatio > 1_000);
        Assert.Equal(0, good.LikelihoodRatio);
        Assert.True(bad.Rejected);
    }

    private static SequentialTest CreateSut() => new(alpha: 0.05);
}
