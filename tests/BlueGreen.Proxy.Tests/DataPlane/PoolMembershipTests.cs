using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class PoolMembershipTests : IDisposable
{
    private const string B1 = "http://127.0.0.1:9001";
    private const string B2 = "http://127.0.0.1:9002";

    private readonly MembershipRig _rig = new(("b1", B1), ("b2", B2));

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task DeleteAsync_ADestinationWithRequestsInFlight_LeavesYarpAndDepartsWithItsCount()
    {
        _rig.Live(Pool.Blue, "b2").ConcurrentRequestCount = 2;

        var result = await _rig.Membership.DeleteAsync(Pool.Blue, "b2", MembershipRig.By(), CancellationToken.None);

        Assert.Equal((ChangeOutcome.Applied, MembershipRouting.Routed), (result.Change.Outcome, result.Routing));
        Assert.Equal(["b1"], _rig.Routed(Pool.Blue));
        var departing = Assert.Single(_rig.Membership.List(Pool.Blue), m => m.Id == "b2");
        Assert.Equal(DestinationMode.Draining, departing.Mode);
        Assert.Equal(2, _rig.Registry.InFlight(Pool.Blue, departing));
        Assert.Equal(MembershipRig.Operator, Assert.Single(_rig.Registry.Departures()).DeletedBy);
    }

    [Fact]
    public async Task DeleteThenEnableThenReload_FollowsEachStepInYarpAndInTheList()
    {
        await _rig.Membership.DeleteAsync(Pool.Blue, "b2", MembershipRig.By(), CancellationToken.None);

        var enabled = await _rig.Membership.SetModeAsync("destination-enable", Pool.Blue, "b2", DestinationMode.Active, MembershipRig.By(), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Applied, enabled.Change.Outcome);
        Assert.Equal(["b1", "b2"], _rig.Routed(Pool.Blue));
        Assert.Empty(_rig.Registry.Departures());
        Assert.All(_rig.Membership.List(Pool.Blue), m => Assert.Equal(DestinationMode.Active, m.Mode));

        // The configuration drops b2 and brings b3: b2 goes, b3 routes, and nothing is left departing.
        var (routing, _) = await _rig.Membership.ReloadAsync(MembershipRig.OptionsWith(("b1", B1), ("b3", "http://127.0.0.1:9003")));

        Assert.Equal(MembershipRouting.Routed, routing);
        Assert.Equal(["b1", "b3"], _rig.Routed(Pool.Blue));
        Assert.Equal(["b1", "b3"], _rig.Membership.List(Pool.Blue).Select(m => m.Id));
    }

    [Fact]
    public async Task ReloadAsync_ConfigurationBringsBackADepartingId_ItIsAMemberAgainNotDeparting()
    {
        await _rig.Membership.SetModeAsync("destination-drain", Pool.Blue, "b1", DestinationMode.Draining, MembershipRig.By(), CancellationToken.None);
        await _rig.Membership.DeleteAsync(Pool.Blue, "b2", MembershipRig.By(), CancellationToken.None);
        var added = await _rig.Membership.AddAsync(Pool.Blue, "b9", "http://127.0.0.1:9009", MembershipRig.By(), CancellationToken.None);
        Assert.Equal(ChangeOutcome.Applied, added.Change.Outcome);
        await _rig.Membership.DeleteAsync(Pool.Blue, "b9", MembershipRig.By(), CancellationToken.None);

        await _rig.Membership.ReloadAsync(MembershipRig.OptionsWith(("b1", B1), ("b2", B2), ("b9", "http://127.0.0.1:9019")));

        // b2 keeps its tombstone; b9 is now a configured destination and routes; b1 stays drained.
        Assert.Equal(["b9"], _rig.Routed(Pool.Blue));
        Assert.Equal(["b2"], _rig.Registry.Departures().Select(d => d.Member.Id));
        var b1 = Assert.Single(_rig.Membership.List(Pool.Blue), m => m.Id == "b1");
        Assert.Equal(DestinationMode.Draining, b1.Mode);
    }

    [Fact]
    public async Task AddAsync_IdOfADepartingDestination_IsAConflictAndChangesNothing()
    {
        await _rig.Membership.DeleteAsync(Pool.Blue, "b2", MembershipRig.By(), CancellationToken.None);
        var version = _rig.Table.Current.Version;

        var result = await _rig.Membership.AddAsync(Pool.Blue, "b2", B2, MembershipRig.By(), CancellationToken.None);

        Assert.Equal(ChangeOutcome.Conflict, result.Change.Outcome);
        Assert.Equal(version, _rig.Table.Current.Version);
    }

    [Fact]
    public async Task ChangeAsync_YarpDoesNotApplyInTime_AnswersApplyingAndKeepsNoWaiter()
    {
        _rig.AutoApply = false;

        var change = _rig.Membership.SetModeAsync("destination-drain", Pool.Blue, "b1", DestinationMode.Draining, MembershipRig.By(), CancellationToken.None);
        await Eventually.HoldsAsync(() => _rig.Applier.Pending == 1, "the change handed to YARP");
        Assert.False(change.IsCompleted);
        _rig.Time.Advance(PoolMembership.ApplyTimeout);
        var result = await change;

        Assert.Equal((ChangeOutcome.Applied, MembershipRouting.Applying), (result.Change.Outcome, result.Routing));
        Assert.Equal(1, _rig.Table.Current.Version);
        Assert.Equal(0, _rig.Applier.Pending);
    }

    [Fact]
    public async Task ChangeAsync_YarpRefusesTheConfiguration_AnswersFailedWithItsReason()
    {
        _rig.AutoApply = false;

        var change = _rig.Membership.SetModeAsync("destination-drain", Pool.Blue, "b1", DestinationMode.Draining, MembershipRig.By(), CancellationToken.None);
        await Eventually.HoldsAsync(() => _rig.Applier.Pending == 1, "the change handed to YARP");
        _rig.Applier.ConfigurationApplyingFailed([_rig.Provider.GetConfig()], new InvalidOperationException("cluster 'blue' is invalid"));
        var result = await change;

        Assert.Equal(MembershipRouting.Failed, result.Routing);
        Assert.Contains("cluster 'blue' is invalid", result.Problem);
        Assert.Equal(1, _rig.Table.Current.Version);
    }

    [Fact]
    public async Task OnChanged_ASecondSwitchOnTheSameStoreDeletes_YarpFollowsAndTheRemovalIsLeftToThatSwitch()
    {
        var other = await _rig.SecondSwitchAsync();
        await other.ChangeDestinationsAsync(
            "destination-delete", current => MembershipChanges.Delete(_rig.Configured, current, Pool.Blue, "b2"), MembershipRig.By(), CancellationToken.None);

        await _rig.Switch.RefreshAsync(CancellationToken.None);

        Assert.Equal(["b1"], _rig.Routed(Pool.Blue));
        var departure = Assert.Single(_rig.Registry.Departures());
        Assert.Equal(("b2", (string?)null), (departure.Member.Id, departure.DeletedBy));
    }
}
