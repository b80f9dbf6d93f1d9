using System.Text.Json;
using BlueGreen.Cli.Api;
using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Tests.Parsing;

public sealed class BatchSizeParserTests
{
    [Theory]
    [InlineData("2", "2")]
    [InlineData(" 1 ", "1")]
    [InlineData("20%", "\"20%\"")]
    [InlineData("33.5%", "\"33.5%\"")]
    [InlineData("100%", "\"100%\"")]
    public void TryParse_CountOrShare_IsSentAsTheApiWritesIt(string text, string json)
    {
        Assert.True(BatchSizeParser.TryParse(text, out var batch, out var error), error);
        Assert.Equal(json, JsonSerializer.Serialize(batch.ToApi(), CliJson.Options));
    }

    [Theory]
    [InlineData("abc", "is not a batch")]
    [InlineData("", "is not a batch")]
    [InlineData("2.5", "is not a batch")]
    [InlineData("-1", "is not a batch")]
    [InlineData("%", "is not a batch")]
    [InlineData("0", "at least 1")]
    [InlineData("0%", "above 0 %")]
    [InlineData("150%", "at most 100 %")]
    public void TryParse_NotABatch_FailsSayingWhy(string text, string expected)
    {
        Assert.False(BatchSizeParser.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }
}
