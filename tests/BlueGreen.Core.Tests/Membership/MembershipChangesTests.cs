using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Membership;

public sealed class MembershipChangesTests
{
    private const string B1Address = "http://10.0.0.1:80";
    private const string NewAddress = "http://10.0.0.9:80";

    private static readonly ConfiguredPools Configured = Pools(("b1", B1Address));

    [Fact]
    public void Add_NewId_AddsAnActiveDestinationWithItsAddress()
    {
        var change = MembershipChanges.Add(Configured, DestinationOverrides.None, Pool.Blue, "b9", NewAddress, departing: null);

        Assert.NotNull(change);
        Assert.Equal(new PoolMember("b9", NewAddress, DestinationMode.Active, false), Configured.Members(Pool.Blue, change.Next)["b9"]);
        Assert.Equal("blue/b9=" + NewAddress, change.To);
    }

    [Fact]
    public void Add_IdOfAMemberOrOfADepartingDestination_IsRefused()
    {
        Assert.Null(MembershipChanges.Add(Configured, DestinationOverrides.None, Pool.Blue, "b1", NewAddress, departing: null));
        var departing = new PoolMember("b9", NewAddress, DestinationMode.Draining, false);
        Assert.Null(MembershipChanges.Add(Configured, DestinationOverrides.None, Pool.Blue, "b9", NewAddress, departing));
    }

    [Fact]
    public void SetMode_Drain_KeepsTheConfiguredAddressOutOfTheOverride()
    {
        var change = MembershipChanges.SetMode(Configured, DestinationOverrides.None, Pool.Blue, "b1", DestinationMode.Draining, departing: null);

        Assert.NotNull(change);
        Assert.Equal(new DestinationOverride(Pool.Blue, "b1", null, DestinationMode.Draining), Assert.Single(change.Next.Items));
        Assert.Equal(("blue/b1 active", "blue/b1 draining"), (change.From, change.To));
    }

    [Fact]
    public void SetMode_UnknownId_IsRefused() =>
        Assert.Null(MembershipChanges.SetMode(Configured, DestinationOverrides.None, Pool.Blue, "nope", DestinationMode.Draining, departing: null));

    [Fact]
    public void SetMode_DrainOfADepartingDestination_IsRefused()
    {
        var departing = new PoolMember("b9", NewAddress, DestinationMode.Draining, false);

        Assert.Null(MembershipChanges.SetMode(Configured, DestinationOverrides.None, Pool.Blue, "b9", DestinationMode.Draining, departing));
    }

    [Fact]
    public void SetMode_Removed_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MembershipChanges.SetMode(Configured, DestinationOverrides.None, Pool.Blue, "b1", DestinationMode.Removed, departing: null));

    [Fact]
    public void Delete_ConfiguredDestination_LeavesATombstone()
    {
        var change = MembershipChanges.Delete(Configured, DestinationOverrides.None, Pool.Blue, "b1");

        Assert.NotNull(change);
        Assert.Equal(new DestinationOverride(Pool.Blue, "b1", null, DestinationMode.Removed), Assert.Single(change.Next.Items));
        Assert.Empty(Configured.Members(Pool.Blue, change.Next));
    }

    [Fact]
    public void Delete_AddedDestination_LeavesNothingBehind()
    {
        var added = MembershipChanges.Add(Configured, DestinationOverrides.None, Pool.Blue, "b9", NewAddress, departing: null)!.Next;

        var change = MembershipChanges.Delete(Configured, added, Pool.Blue, "b9");

        Assert.NotNull(change);
        Assert.Empty(change.Next.Items);
    }

    [Fact]
    public void Delete_AlreadyDeleted_IsRefused()
    {
        var deleted = MembershipChanges.Delete(Configured, DestinationOverrides.None, Pool.Blue, "b1")!.Next;

        Assert.Null(MembershipChanges.Delete(Configured, deleted, Pool.Blue, "b1"));
    }

    [Fact]
    public void DeleteThenEnableThenReload_ConfiguredDestination_ComesBackActiveAndStaysWhenTheConfigurationKeepsIt()
    {
        var deleted = MembershipChanges.Delete(Configured, DestinationOverrides.None, Pool.Blue, "b1")!.Next;
        var departing = new PoolMember("b1", B1Address, DestinationMode.Draining, FromConfiguration: true);

        var enabled = MembershipChanges.SetMode(Configured, deleted, Pool.Blue, "b1", DestinationMode.Active, departing)!.Next;

        // Enabling a configured destination is neutral: no override is left.
        Assert.Empty(enabled.Items);
        Assert.Equal(DestinationMode.Active, Configured.Members(Pool.Blue, enabled)["b1"].Mode);

        var reloaded = Pools(("b1", "http://10.0.0.100:80"), ("b2", NewAddress));
        var members = reloaded.Members(Pool.Blue, enabled);
        Assert.Equal("http://10.0.0.100:80", members["b1"].Address);
        Assert.Equal(DestinationMode.Active, members["b2"].Mode);
    }

    [Fact]
    public void DeleteThenEnable_AddedDestination_ComesBackWithTheAddressItHad()
    {
        var added = MembershipChanges.Add(Configured, DestinationOverrides.None, Pool.Blue, "b9", NewAddress, departing: null)!.Next;
        var deleted = MembershipChanges.Delete(Configured, added, Pool.Blue, "b9")!.Next;
        var departing = new PoolMember("b9", NewAddress, DestinationMode.Draining, FromConfiguration: false);

        var enabled = MembershipChanges.SetMode(Configured, deleted, Pool.Blue, "b9", DestinationMode.Active, departing)!.Next;

        Assert.Equal(new PoolMember("b9", NewAddress, DestinationMode.Active, false), Configured.Members(Pool.Blue, enabled)["b9"]);
    }

    [Fact]
    public void Reload_DropsAConfiguredDestinationWithAKeptMode_ModeAppliesAgainWhenItReturns()
    {
        var drained = MembershipChanges.SetMode(Configured, DestinationOverrides.None, Pool.Blue, "b1", DestinationMode.Draining, departing: null)!.Next;

        Assert.Empty(Pools().Members(Pool.Blue, drained));
        Assert.Equal(DestinationMode.Draining, Configured.Members(Pool.Blue, drained)["b1"].Mode);
    }

    private static ConfiguredPools Pools(params (string Id, string Address)[] blue) =>
        new(new Dictionary<Pool, IReadOnlyDictionary<string, string>>
        {
            [Pool.Blue] = blue.ToDictionary(d => d.Id, d => d.Address),
        });
}
