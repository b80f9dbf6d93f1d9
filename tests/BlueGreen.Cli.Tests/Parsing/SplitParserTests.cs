using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Tests.Parsing;

public sealed class SplitParserTests
{
    [Theory]
    [InlineData("95/5", 95, 5)]
    [InlineData("99.5/0.5", 99.5, 0.5)]
    [InlineData("60/30", 60, 30)]
    public void TryParse_BlueSlashGreen_ReadsWeights(string text, double blue, double green)
    {
        Assert.True(SplitParser.TryParse(text, out var split, out var error), error);
        Assert.Equal(new Split((decimal)blue, (decimal)green), split);
    }

    [Theory]
    [InlineData("95-5")]
    [InlineData("95")]
    [InlineData("95/5/0")]
    [InlineData("a/b")]
    [InlineData("-5/105")]
    public void TryParse_NotBlueSlashGreen_FailsShowingTheForm(string text)
    {
        Assert.False(SplitParser.TryParse(text, out _, out var error));
        Assert.Contains("95/5", error);
    }
}
