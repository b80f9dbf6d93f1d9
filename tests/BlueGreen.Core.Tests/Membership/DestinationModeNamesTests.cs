using BlueGreen.Core.Membership;

namespace BlueGreen.Core.Tests.Membership;

public class DestinationModeNamesTests
{
    [Theory]
    [InlineData(DestinationMode.Active, "active")]
    [InlineData(DestinationMode.Draining, "draining")]
    [InlineData(DestinationMode.Disabled, "disabled")]
    [InlineData(DestinationMode.Removed, "removed")]
    public void Name_EveryMode_RoundTripsThroughTryParse(DestinationMode mode, string name)
    {
        Assert.Equal(name, mode.Name());
        Assert.True(DestinationModeNames.TryParse(name.ToUpperInvariant(), out var parsed));
        Assert.Equal(mode, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("sleeping")]
    [InlineData(" active")]
    public void TryParse_NotAModeName_ReturnsFalse(string? value)
    {
        Assert.False(DestinationModeNames.TryParse(value, out _));
    }
}
