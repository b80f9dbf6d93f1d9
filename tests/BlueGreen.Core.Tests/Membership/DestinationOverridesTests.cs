using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Membership;

public class DestinationOverridesTests
{
    private static readonly DestinationOverride AddedGreen = new(Pool.Green, "green-2", "http://127.0.0.1:9002", DestinationMode.Active);
    private static readonly DestinationOverride DrainedBlue = new(Pool.Blue, "blue-1", null, DestinationMode.Draining);
    private static readonly DestinationOverride RemovedBlue = new(Pool.Blue, "blue-2", null, DestinationMode.Removed);

    [Fact]
    public void With_AnyOrder_KeepsItemsOrderedByPoolThenId()
    {
        var overrides = DestinationOverrides.None.With(AddedGreen).With(RemovedBlue).With(DrainedBlue);

        Assert.Equal([DrainedBlue, RemovedBlue, AddedGreen], overrides.Items.ToArray());
    }

    [Fact]
    public void With_SameDestination_ReplacesTheEarlierOverride()
    {
        var overrides = DestinationOverrides.From([AddedGreen, AddedGreen with { Mode = DestinationMode.Disabled }]);

        Assert.Equal([AddedGreen with { Mode = DestinationMode.Disabled }], overrides.Items.ToArray());
    }

    [Fact]
    public void With_NeutralOverride_DropsTheDestinationsOverride()
    {
        var overrides = DestinationOverrides.From([DrainedBlue, AddedGreen]);

        var enabled = overrides.With(DrainedBlue with { Mode = DestinationMode.Active });

        Assert.Equal([AddedGreen], enabled.Items.ToArray());
    }

    [Fact]
    public void With_NeutralOverrideOfUnknownDestination_ReturnsTheSameInstance()
    {
        var overrides = DestinationOverrides.From([AddedGreen]);

        Assert.Same(overrides, overrides.With(new DestinationOverride(Pool.Blue, "blue-9", null, DestinationMode.Active)));
    }

    [Fact]
    public void With_ActiveAddedDestination_IsKept()
    {
        Assert.Equal([AddedGreen], DestinationOverrides.None.With(AddedGreen).Items.ToArray());
    }

    [Fact]
    public void Without_RemovesOnlyThatPoolsDestination()
    {
        var sameIdOtherPool = AddedGreen with { Pool = Pool.Blue };
        var overrides = DestinationOverrides.From([AddedGreen, sameIdOtherPool]);

        Assert.Equal([sameIdOtherPool], overrides.Without(Pool.Green, "green-2").Items.ToArray());
    }

    [Fact]
    public void Find_KnownAndUnknown_ReturnsTheOverrideOrNull()
    {
        var overrides = DestinationOverrides.From([AddedGreen, DrainedBlue]);

        Assert.Equal(DrainedBlue, overrides.Find(Pool.Blue, "blue-1"));
        Assert.Null(overrides.Find(Pool.Green, "blue-1"));
        Assert.Null(overrides.Find(Pool.Blue, "BLUE-1"));
    }

    [Fact]
    public void Equals_SameContentsBuiltInAnotherOrder_AreEqualWithEqualHashCodes()
    {
        var first = DestinationOverrides.From([AddedGreen, DrainedBlue, RemovedBlue]);
        var second = DestinationOverrides.From([RemovedBlue, AddedGreen, DrainedBlue]);

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, second.Without(Pool.Blue, "blue-2"));
    }

    [Fact]
    public void With_Always_LeavesTheOriginalUnchanged()
    {
        var original = DestinationOverrides.From([DrainedBlue]);

        _ = original.With(AddedGreen).Without(Pool.Blue, "blue-1");

        Assert.Equal([DrainedBlue], original.Items.ToArray());
    }
}
