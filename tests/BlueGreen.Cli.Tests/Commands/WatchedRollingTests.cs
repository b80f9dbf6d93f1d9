using BlueGreen.Cli.Commands;

namespace BlueGreen.Cli.Tests.Commands;

public sealed class WatchedRollingTests
{
    [Theory]
    [InlineData("completed", false, 0)]
    [InlineData("stopped", false, 4)]
    [InlineData("aborted", false, 4)]
    [InlineData("paused", false, 5)]
    [InlineData("completed", true, 0)]
    [InlineData("stopped", true, 4)]
    public void ExitCodeFor_EndedOrPaused_IsTheContractsCode(string status, bool untilEnd, int expected) =>
        Assert.Equal(expected, WatchedRolling.ExitCodeFor(status, untilEnd));

    [Theory]
    [InlineData("progressing", false)]
    [InlineData("waitingForUpdate", false)]
    [InlineData("paused", true)]
    public void ExitCodeFor_StillGoing_IsNull(string status, bool untilEnd) =>
        Assert.Null(WatchedRolling.ExitCodeFor(status, untilEnd));

    [Fact]
    public void Paths_PoolWithReservedCharacters_IsEscaped() =>
        Assert.Equal("api/v1/pools/a%2Fb/rolling/current", WatchedRolling.CurrentPath("a/b"));
}
