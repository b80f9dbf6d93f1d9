using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Tests.Parsing;

public sealed class RampDownParserTests
{
    [Fact]
    public void TryParse_PercentSlashInterval_ReadsBoth()
    {
        Assert.True(RampDownParser.TryParse("50/5s", out var rampDown, out var error), error);
        Assert.Equal(new RampDown(50, TimeSpan.FromSeconds(5)), rampDown);
    }

    [Theory]
    [InlineData("50")]
    [InlineData("0/5s")]
    [InlineData("50/5x")]
    [InlineData("150/5s")]
    public void TryParse_BadRampDown_Fails(string text) =>
        Assert.False(RampDownParser.TryParse(text, out _, out _));
}
