using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Membership;

public sealed class ConfiguredPoolsTests
{
    private static readonly ConfiguredPools Configured = new(new Dictionary<Pool, IReadOnlyDictionary<string, string>>
    {
        [Pool.Blue] = new Dictionary<string, string> { ["b1"] = "http://10.0.0.1:80", ["b2"] = "http://10.0.0.2:80" },
    });

    [Fact]
    public void Members_NoOverrides_AreTheConfiguredDestinationsActive()
    {
        var members = Configured.Members(Pool.Blue, DestinationOverrides.None);

        Assert.Equal(["b1", "b2"], members.Keys.Order(StringComparer.Ordinal));
        Assert.All(members.Values, m => Assert.True(m.Mode == DestinationMode.Active && m.FromConfiguration));
        Assert.Empty(Configured.Members(Pool.Green, DestinationOverrides.None));
    }

    [Fact]
    public void Members_WithOverrides_AppliesModesAdditionsAndTombstones()
    {
        var overrides = DestinationOverrides.From(
        [
            new DestinationOverride(Pool.Blue, "b1", null, DestinationMode.Draining),
            new DestinationOverride(Pool.Blue, "b2", null, DestinationMode.Removed),
            new DestinationOverride(Pool.Blue, "b3", "http://10.0.0.3:80", DestinationMode.Active),
            new DestinationOverride(Pool.Green, "g9", null, DestinationMode.Disabled),
        ]);

        var blue = Configured.Members(Pool.Blue, overrides);

        Assert.Equal(new PoolMember("b1", "http://10.0.0.1:80", DestinationMode.Draining, FromConfiguration: true), blue["b1"]);
        Assert.False(blue.ContainsKey("b2"));
        Assert.Equal(new PoolMember("b3", "http://10.0.0.3:80", DestinationMode.Active, FromConfiguration: false), blue["b3"]);

        // A mode kept for an id the configuration does not have applies to nothing.
        Assert.Empty(Configured.Members(Pool.Green, overrides));
    }

    [Fact]
    public void Active_LeavesOutDestinationsNotTakingRequests()
    {
        var overrides = DestinationOverrides.From([new DestinationOverride(Pool.Blue, "b1", null, DestinationMode.Disabled)]);

        var active = Configured.Active(overrides);

        Assert.Equal(new Dictionary<string, string> { ["b2"] = "http://10.0.0.2:80" }, active[Pool.Blue]);
        Assert.Empty(active[Pool.Green]);
    }
}
