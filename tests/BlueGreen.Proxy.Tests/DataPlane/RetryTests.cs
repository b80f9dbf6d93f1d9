using System.Net;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class RetryTests
{
    [Fact]
    public async Task SteadyGets_StoppingOneOfTwoBlueBackends_FailNoRequestAndItReturnsAfterComingBack()
    {
        using var temp = new TemporaryDirectory();
        await using var blue1 = await TestBackend.StartAsync("blue-1");
        var blue2 = await TestBackend.StartAsync("blue-2");
        var blue2Port = new Uri(blue2.Address).Port;
        await using var green = await TestBackend.StartAsync("green");
        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:b1={blue1.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b2={blue2.Address}",
            $"--BlueGreen:Pools:green:Destinations:g1={green.Address}",
            $"--BlueGreen:State:Path={temp.File("state.json")}",
            "--BlueGreen:Health:Active:Interval=00:00:00.300",
            "--BlueGreen:Stickiness:Mode=None",
        ]);

        var failures = 0;
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        var sent = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Volatile.Read(ref sent) < 50_000)
            {
                Interlocked.Increment(ref sent);
                using var response = await proxy.Client.GetAsync("/");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    failed.Add($"{(int)response.StatusCode} from {string.Join(",", response.Headers.TryGetValues("X-BlueGreen-Pool", out var p) ? p : [])}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }).ToList();

        await Eventually.HoldsAsync(() => blue2.Served > 100, "blue-2 in rotation");
        await blue2.DisposeAsync();
        var sentAtStop = Volatile.Read(ref sent);
        await Eventually.HoldsAsync(() => Volatile.Read(ref sent) > sentAtStop + 2000, "2,000 more requests after blue-2 stopped");

        await using var blue2Again = await TestBackend.StartAsync("blue-2", blue2Port);
        await Eventually.HoldsAsync(() => blue2Again.Served > 50, "blue-2 back in rotation");
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.True(failures == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task PostWithBody_ToADeadDestination_IsNotRetried()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var (blue, green, proxy) = pools;
        await blue.DisposeAsync();

        using var post = await proxy.Client.PostAsync("/digest", new StringContent("payload"));
        using var get = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.Equal("blue", post.Headers.GetValues("X-BlueGreen-Pool").Single());

        // The same failure for a GET is retried on the other pool.
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("green", await get.Content.ReadAsStringAsync());
        Assert.Equal("green", get.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Equal(1, green.Served);
    }

    [Fact]
    public async Task Get_WhoseBackendDiedAfterPartOfTheResponse_IsNotRetried()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var (_, green, proxy) = pools;

        using var response = await proxy.Client.GetAsync("/partial", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("partial-", System.Text.Encoding.UTF8.GetString(buffer, 0, first));

        // Bytes reached the client; now the backend dies. The client sees the failure, and nothing is sent again.
        pools.Blue.ReleaseStream();
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.Equal(0, green.Served);
    }
}
