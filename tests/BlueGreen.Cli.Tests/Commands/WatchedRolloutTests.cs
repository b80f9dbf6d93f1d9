using BlueGreen.Cli.Commands;

namespace BlueGreen.Cli.Tests.Commands;

public sealed class WatchedRolloutTests
{
    [Theory]
    [InlineData("promoted", false, 0)]
    [InlineData("rolledBack", false, 4)]
    [InlineData("aborted", false, 4)]
    [InlineData("paused", false, 5)]
    [InlineData("promoted", true, 0)]
    [InlineData("aborted", true, 4)]
    public void ExitCodeFor_EndedOrPaused_IsTheContractsCode(string status, bool untilEnd, int expected) =>
        Assert.Equal(expected, WatchedRollout.ExitCodeFor(status, untilEnd));

    [Theory]
    [InlineData("progressing", false)]
    [InlineData("rampingDown", false)]
    [InlineData("paused", true)]
    public void ExitCodeFor_StillGoing_IsNull(string status, bool untilEnd) =>
        Assert.Null(WatchedRollout.ExitCodeFor(status, untilEnd));
}
