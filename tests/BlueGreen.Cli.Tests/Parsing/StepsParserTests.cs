using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Tests.Parsing;

public sealed class StepsParserTests
{
    [Fact]
    public void TryParse_IncreasingListEndingAt100_ReadsSteps()
    {
        Assert.True(StepsParser.TryParse("5, 25,50,100", out var steps, out var error), error);
        Assert.Equal([5m, 25m, 50m, 100m], steps);
    }

    [Fact]
    public void TryParse_TwoDecimals_ReadsThem()
    {
        Assert.True(StepsParser.TryParse("0.5,12.25,100", out var steps, out var error), error);
        Assert.Equal([0.5m, 12.25m, 100m], steps);
    }

    [Theory]
    [InlineData("5,25,25,100", "strictly increasing")]
    [InlineData("50,25,100", "strictly increasing")]
    [InlineData("5,25,50", "end at 100")]
    [InlineData("5,x,100", "'x'")]
    [InlineData("0.125,100", "'0.125'")]
    [InlineData("0,100", "'0'")]
    [InlineData("5,150", "'150'")]
    [InlineData("", "--steps")]
    public void TryParse_BadList_FailsNamingTheProblem(string text, string expected)
    {
        Assert.False(StepsParser.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void TryLinear_Ten_IsTenToHundredInTens()
    {
        Assert.True(StepsParser.TryLinear("10", out var steps, out var error), error);
        Assert.Equal([10m, 20m, 30m, 40m, 50m, 60m, 70m, 80m, 90m, 100m], steps);
    }

    [Fact]
    public void TryLinear_NotADivisorOf100_EndsAt100()
    {
        Assert.True(StepsParser.TryLinear("30", out var steps, out var error), error);
        Assert.Equal([30m, 60m, 90m, 100m], steps);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("ten")]
    [InlineData("101")]
    public void TryLinear_NotAPercentage_Fails(string text) =>
        Assert.False(StepsParser.TryLinear(text, out _, out _));

    [Fact]
    public void TryCanary_Ten_IsTenThenHundred()
    {
        Assert.True(StepsParser.TryCanary("10", out var steps, out var error), error);
        Assert.Equal([10m, 100m], steps);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("0")]
    [InlineData("x")]
    public void TryCanary_NoRoomBeforePromotion_Fails(string text) =>
        Assert.False(StepsParser.TryCanary(text, out _, out _));
}
