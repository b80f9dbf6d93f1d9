using System.Diagnostics;
using System.Net;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Benchmarks;

/// <summary>
/// The 30-second version of the load run's soak (<c>SOAK_SECONDS</c> in <c>benchmarks/load/run.sh</c>): steady
/// traffic through a real in-process proxy to real backends on 127.0.0.1, the weights changed every second and a
/// destination drained or enabled every 10 s. No request may fail, and the managed heap after a forced full
/// collection must not grow between second 10 and second 30. Alone: it measures the process's heap.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ShortSoakTests
{
    private const int Seconds = 30;
    private const int BaselineSecond = 10;

    // A leak check, not a performance figure. Between two forced, compacting full collections a steady heap moves by
    // well under a few MB (Kestrel's and the connection pools' buffers grown or trimmed, caches filled lazily; seen on a
    // busy 2-core machine: 11.0 -> 10.6 MB over 75,762 requests). A leak on the request path piles up per request:
    // 1 KB kept per request over the 20 s is tens of MB even at a thousand requests a second. 16 MB is far above the
    // noise and still catches that.
    private const long GrowthBound = 16L * 1024 * 1024;

    [Fact]
    public async Task Traffic_WeightsChangedEverySecondAndADrainEvery10Seconds_NoRequestFailsAndTheHeapDoesNotGrow()
    {
        using var temp = new TemporaryDirectory();
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var green = await TestBackend.StartAsync("green");
        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:b1={b1.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b2={b2.Address}",
            $"--BlueGreen:Pools:green:Destinations:g1={green.Address}",
            $"--BlueGreen:State:Path={temp.File("state.json")}",
            "--BlueGreen:Stickiness:Mode=None",
        ]);

        var traffic = Traffic.Start(proxy.Client, clients: 4, maxRequests: int.MaxValue, maxDuration: TimeSpan.FromSeconds(Seconds + 30));
        long heapAtBaseline = 0;
        var sentAtBaseline = 0;
        var drained = false;
        var clock = Stopwatch.StartNew();
        try
        {
            for (var second = 1; second <= Seconds; second++)
            {
                var wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var greenWeight = second * 7 % 100;
                await proxy.SetWeightsAsync(100 - greenWeight, greenWeight);
                if (second % 10 == 0)
                {
                    using var toggled = await proxy.Admin.PostAsync($"/api/v1/pools/blue/destinations/b2/{(drained ? "enable" : "drain")}", null);
                    Assert.Equal(HttpStatusCode.OK, toggled.StatusCode);
                    drained = !drained;
                }

                if (second == BaselineSecond)
                {
                    heapAtBaseline = ManagedHeapAfterFullCollection();
                    sentAtBaseline = traffic.Sent;
                }
            }

            var heapAtEnd = ManagedHeapAfterFullCollection();
            var requests = traffic.Sent - sentAtBaseline;
            var growth = heapAtEnd - heapAtBaseline;
            Assert.True(requests > 0, "no traffic went through the proxy after the baseline");
            Assert.True(
                growth < GrowthBound,
                $"managed heap after a full collection grew by {growth / 1024.0 / 1024:F1} MB from second {BaselineSecond} to {Seconds} "
                + $"({heapAtBaseline / 1024.0 / 1024:F1} -> {heapAtEnd / 1024.0 / 1024:F1} MB) over {requests} requests, "
                + $"{(double)growth / requests:F0} bytes each");
        }
        finally
        {
            await traffic.DisposeAsync();
        }

        Assert.Equal(0, traffic.Failed);
    }

    private static long ManagedHeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
