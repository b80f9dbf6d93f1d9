using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Tests.Parsing;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:00:30", 30_000)]
    [InlineData("00:00:00.500", 500)]
    [InlineData("01:00:00", 3_600_000)]
    public void TryParse_OperatorForms_ReadsDuration(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("00:00:00")]
    [InlineData("soon")]
    public void TryParse_NotADuration_FailsSayingWhatIsAccepted(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains("30s", error);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("0ms")]
    [InlineData("00:00:00")]
    public void TryParse_ZeroWhereAllowed_IsZero(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error, allowZero: true), error);
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("-00:00:05")]
    [InlineData("soon")]
    public void TryParse_ZeroAllowedButNotADuration_Fails(string text) =>
        Assert.False(DurationParser.TryParse(text, out _, out _, allowZero: true));

    [Theory]
    [InlineData(30_000, "00:00:30")]
    [InlineData(500, "00:00:00.500")]
    [InlineData(3_600_000, "01:00:00")]
    [InlineData(90_061_000, "1.01:01:01")]
    public void Format_Duration_IsTheApisForm(int milliseconds, string expected) =>
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
