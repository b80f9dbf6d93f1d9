using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>Closing WebSockets at the drain timeout, on fake time: no test here waits for the wall clock.</summary>
public sealed class UpgradedConnectionCloserTests : IDisposable
{
    private readonly MembershipRig _rig = new(("b1", "http://127.0.0.1:9001"), ("b2", "http://127.0.0.1:9002"));

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Check_DrainedDestinationWithAnOpenSocket_ClosesItAtTheDrainTimeoutOnly()
    {
        var sut = CreateSut();
        var socket = new UpgradedRequest();
        var other = new UpgradedRequest();
        using var open = _rig.Upgraded.Open(Pool.Blue, "b2", socket.Context);
        using var elsewhere = _rig.Upgraded.Open(Pool.Blue, "b1", other.Context);

        await SetModeAsync("b2", DestinationMode.Draining);
        _rig.Time.Advance(_rig.Options.Drain.Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, sut.Check());
        Assert.False(socket.Aborted);

        _rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, sut.Check());
        Assert.True(socket.Aborted);
        Assert.False(other.Aborted);
    }

    [Fact]
    public async Task Check_EnabledAgainBeforeTheTimeout_ClosesNothing()
    {
        var sut = CreateSut();
        var socket = new UpgradedRequest();
        using var open = _rig.Upgraded.Open(Pool.Blue, "b2", socket.Context);

        await SetModeAsync("b2", DestinationMode.Draining);
        await SetModeAsync("b2", DestinationMode.Active);
        _rig.Time.Advance(_rig.Options.Drain.Timeout);

        Assert.Equal(0, sut.Check());
        Assert.False(socket.Aborted);
    }

    [Fact]
    public async Task Check_SocketEndedBeforeTheTimeout_IsNotTouched()
    {
        var sut = CreateSut();
        var socket = new UpgradedRequest();
        _rig.Upgraded.Open(Pool.Blue, "b2", socket.Context).Dispose();

        await SetModeAsync("b2", DestinationMode.Disabled);
        _rig.Time.Advance(_rig.Options.Drain.Timeout);

        Assert.Equal(0, sut.Check());
        Assert.False(socket.Aborted);
        Assert.Equal(0, _rig.Upgraded.Count(Pool.Blue, "b2"));
    }

    [Fact]
    public async Task Check_DrainedThenDeleted_LeavesTheCloseToTheDeparture()
    {
        var sut = CreateSut();
        var watcher = new DepartureWatcher(
            _rig.Membership, _rig.Registry, _rig.Upgraded, _rig.Switch, _rig.Time, _rig.Options, NullLogger<DepartureWatcher>.Instance);
        var socket = new UpgradedRequest();
        using var open = _rig.Upgraded.Open(Pool.Blue, "b2", socket.Context);
        _rig.Live(Pool.Blue, "b2").ConcurrentRequestCount = 1;

        await SetModeAsync("b2", DestinationMode.Draining);
        _rig.Time.Advance(TimeSpan.FromSeconds(10));
        await _rig.Membership.DeleteAsync(Pool.Blue, "b2", MembershipRig.By(), CancellationToken.None);

        // The deletion restarts the clock: 30 s from the drain, the departure still has 10 s to go.
        _rig.Time.Advance(_rig.Options.Drain.Timeout - TimeSpan.FromSeconds(10));
        Assert.Equal(0, sut.Check());
        Assert.Equal(1, await watcher.CheckAsync(CancellationToken.None));
        Assert.False(socket.Aborted);

        _rig.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await watcher.CheckAsync(CancellationToken.None));
        Assert.True(socket.Aborted);
        Assert.Equal("timeout", (await _rig.Store.ReadHistoryAsync(1, CancellationToken.None))[0].Reason);
    }

    [Fact]
    public async Task ExecuteAsync_UnderTheHost_ClosesAtTheTimeoutAndStopsOnShutdown()
    {
        var sut = CreateSut();
        var socket = new UpgradedRequest();
        using var open = _rig.Upgraded.Open(Pool.Blue, "b2", socket.Context);
        await sut.StartAsync(CancellationToken.None);

        await SetModeAsync("b2", DestinationMode.Draining);
        _rig.Time.Advance(_rig.Options.Drain.Timeout);

        // The loop may have looked just before the advance and then armed its next poll after it, on the fake clock:
        // each further poll interval wakes it once more.
        await Eventually.HoldsAsync(
            () =>
            {
                _rig.Time.Advance(UpgradedConnectionCloser.PollInterval);
                return socket.Aborted;
            },
            "the socket closed at the drain timeout");
        await sut.StopAsync(CancellationToken.None);

        Assert.True(sut.ExecuteTask!.IsCompletedSuccessfully);
    }

    private UpgradedConnectionCloser CreateSut() => new(_rig.Upgraded, _rig.Time, NullLogger<UpgradedConnectionCloser>.Instance);

    private async Task SetModeAsync(string id, DestinationMode mode)
    {
        var result = await _rig.Membership.SetModeAsync("destination-mode", Pool.Blue, id, mode, MembershipRig.By(), CancellationToken.None);
        Assert.Equal(MembershipRouting.Routed, result.Routing);
    }

    /// <summary>An upgraded request's context that remembers being aborted.</summary>
    private sealed class UpgradedRequest : IHttpRequestLifetimeFeature
    {
        public UpgradedRequest()
        {
            Context.Features.Set<IHttpRequestLifetimeFeature>(this);
        }

        public DefaultHttpContext Context { get; } = new();

        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }
}
