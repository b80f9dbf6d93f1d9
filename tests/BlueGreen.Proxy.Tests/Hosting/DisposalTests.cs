using System.Runtime.CompilerServices;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Hosting;

/// <summary>
/// A BlueGreen stopped and disposed leaves nothing of itself reachable: no timer, signal handler or static list keeps
/// either plane alive. One process runs one BlueGreen in production, but this suite builds hundreds; each one kept
/// stays in the heap for good, and every full collection then walks all of them (a kept admin plane once grew the
/// suite's live heap to 300 MB, and a full collection of it took 0.7 s).
/// </summary>
public sealed class DisposalTests
{
    [Fact]
    public async Task DisposedProxy_LeavesNeitherPlaneReachable()
    {
        // What the runtime and the framework initialise once per process may hold on to the first proxy they saw;
        // that one is not a leak, so a proxy before the one measured takes it.
        await ServeOnceAndDisposeAsync();
        var (dataPlane, adminPlane) = await ServeOnceAndDisposeAsync();

        // Teardown may end on other threads (a timer's last turn); give it a moment.
        await Eventually.HoldsAsync(() => Collected(adminPlane), "the admin plane's services to become unreachable after the proxy was disposed", TimeSpan.FromSeconds(2));
        await Eventually.HoldsAsync(() => Collected(dataPlane), "the data plane's services to become unreachable after the proxy was disposed", TimeSpan.FromSeconds(2));
    }

    private static bool Collected(WeakReference target)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return !target.IsAlive;
    }

    // Not inlined, so that nothing of the proxy outlives this frame in the test's own locals.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference DataPlane, WeakReference AdminPlane)> ServeOnceAndDisposeAsync()
    {
        await using var pools = await TwoPools.StartAsync();

        // Both planes' pipelines built and used: a proxied request, a token-checked admin request.
        Assert.Equal("blue", await pools.Proxy.GetPoolAsync());
        await pools.Proxy.GetStateAsync();

        return (new WeakReference(pools.Proxy.App.Services), new WeakReference(pools.Proxy.App.AdminServices));
    }
}
