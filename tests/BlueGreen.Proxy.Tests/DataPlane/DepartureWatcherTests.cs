using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>The departure watcher on fake time: no test here waits for the wall clock.</summary>
public sealed class DepartureWatcherTests : IDisposable
{
    private readonly MembershipRig _rig = new(("b1", "http://127.0.0.1:9001"), ("b2", "http://127.0.0.1:9002"));

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task CheckAsync_RequestsStillInFlight_WaitsThenRecordsDrainedOnceTheyEnd()
    {
        var sut = CreateSut();
        var b2 = _rig.Live(Pool.Blue, "b2");
        b2.ConcurrentRequestCount = 1;
        await DeleteB2Async();

        Assert.Equal(1, await sut.CheckAsync(CancellationToken.None));
        Assert.Contains(_rig.Membership.List(Pool.Blue), m => m.Id == "b2");

        b2.ConcurrentRequestCount = 0;
        Assert.Equal(0, await sut.CheckAsync(CancellationToken.None));

        Assert.DoesNotContain(_rig.Membership.List(Pool.Blue), m => m.Id == "b2");
        var removal = (await _rig.Store.ReadHistoryAsync(1, CancellationToken.None))[0];
        Assert.Equal(("destination-removed", "drained", MembershipRig.Operator), (removal.Action, removal.Reason, removal.Actor));
    }

    [Fact]
    public async Task CheckAsync_DrainTimeoutPasses_RemovesItWithReasonTimeout()
    {
        var sut = CreateSut();
        _rig.Live(Pool.Blue, "b2").ConcurrentRequestCount = 1;
        await DeleteB2Async();

        _rig.Time.Advance(_rig.Options.Drain.Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await sut.CheckAsync(CancellationToken.None));
        _rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await sut.CheckAsync(CancellationToken.None));

        Assert.Empty(_rig.Registry.Departures());
        Assert.Equal("timeout", (await _rig.Store.ReadHistoryAsync(1, CancellationToken.None))[0].Reason);
    }

    [Fact]
    public async Task CheckAsync_EnabledBeforeItDrained_RecordsNothing()
    {
        var sut = CreateSut();
        _rig.Live(Pool.Blue, "b2").ConcurrentRequestCount = 1;
        await DeleteB2Async();
        await _rig.Membership.SetModeAsync("destination-enable", Pool.Blue, "b2", DestinationMode.Active, MembershipRig.By(), CancellationToken.None);
        var version = _rig.Table.Current.Version;

        _rig.Time.Advance(_rig.Options.Drain.Timeout);
        Assert.Equal(0, await sut.CheckAsync(CancellationToken.None));

        Assert.Equal(version, _rig.Table.Current.Version);
        Assert.Equal(DestinationMode.Active, Assert.Single(_rig.Membership.List(Pool.Blue), m => m.Id == "b2").Mode);
    }

    [Fact]
    public async Task CheckAsync_DeletionTakenFromTheStore_IsForgottenWithoutAnAuditEventHere()
    {
        var sut = CreateSut();
        var other = await _rig.SecondSwitchAsync();
        await other.ChangeDestinationsAsync(
            "destination-delete", current => MembershipChanges.Delete(_rig.Configured, current, Pool.Blue, "b2"), MembershipRig.By(), CancellationToken.None);
        await _rig.Switch.RefreshAsync(CancellationToken.None);

        Assert.Equal(0, await sut.CheckAsync(CancellationToken.None));

        Assert.Empty(_rig.Registry.Departures());
        Assert.Equal(1, _rig.Table.Current.Version);
    }

    [Fact]
    public async Task ExecuteAsync_UnderTheHost_RemovesADrainedDestinationAndStopsOnShutdown()
    {
        var sut = CreateSut();
        await sut.StartAsync(CancellationToken.None);

        await DeleteB2Async();
        await Eventually.HoldsAsync(() => _rig.Registry.Departures().Count == 0, "b2 removed once drained");
        await Eventually.HoldsAsync(() => _rig.Table.Current.Version == 2, "the removal recorded");
        await sut.StopAsync(CancellationToken.None);

        Assert.True(sut.ExecuteTask!.IsCompletedSuccessfully);
    }

    private DepartureWatcher CreateSut() =>
        new(_rig.Membership, _rig.Registry, _rig.Upgraded, _rig.Switch, _rig.Time, _rig.Options, NullLogger<DepartureWatcher>.Instance);

    private async Task DeleteB2Async()
    {
        var result = await _rig.Membership.DeleteAsync(Pool.Blue, "b2", MembershipRig.By(), CancellationToken.None);
        Assert.Equal(MembershipRouting.Routed, result.Routing);
    }
}
