using System.Net;
using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Edge;

/// <summary>
/// Connections that are opened and never used. The proxy runs as a real process of its own: ten thousand loopback
/// connections are twenty thousand file descriptors in one process, more than this machine's <c>ulimit -n</c> gives.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
[Collection(TimingCollection.Name)]
public sealed class IdleConnectionTests
{
    private const int Idle = 10_000;

    [Fact]
    public async Task Connections_TenThousandIdle_NewClientsStillServedAndIdleOnesKept()
    {
        // The test process holds its ends of the connections; the proxy's cap (3/4 of the same limit) must let them in.
        var openFiles = OpenFileLimit.Current();
        Assert.True(openFiles is null or >= Idle + 2_000, $"this test holds {Idle} connections; ulimit -n is {openFiles}");
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        await using var process = ProxyProcess.Start(temp.Path, Arguments(blue, green));
        var (proxy, _) = await process.WaitForBannerAsync();
        await BannerSaysAsync(process, ConnectionCap.FromOpenFileLimit(openFiles));

        var idle = new List<RawConnection>(Idle);
        try
        {
            // In batches, so that the listen backlog never overflows into SYN retries.
            for (var opened = 0; opened < Idle; opened += 250)
            {
                idle.AddRange(await Task.WhenAll(Enumerable.Range(0, 250).Select(_ => RawConnection.OpenAsync(proxy))));
            }

            // The proxy has accepted them all: each is a descriptor of its own.
            await Eventually.HoldsAsync(() => Directory.GetFiles($"/proc/{process.ProcessId}/fd").Length > Idle, "the proxy holding every idle connection");

            await using var bystanders = Bystanders.Start(proxy);
            await Eventually.HoldsAsync(() => bystanders.Served >= 100, "well-behaved clients served 100 times");
            await bystanders.AssertAllServedAsync(atLeast: 100);
            Assert.DoesNotContain(idle, connection => connection.IsClosedByServer());
        }
        finally
        {
            idle.ForEach(connection => connection.Dispose());
        }
    }

    [Fact]
    public async Task Connections_OverTheCap_NewOnesClosedAtOnceUntilIdleOnesLeave()
    {
        // A proxy started under ulimit -n 1024 caps its data plane at 384 connections.
        const int openFiles = 1024;
        var cap = ConnectionCap.FromOpenFileLimit(openFiles);
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        await using var process = ProxyProcess.StartWithOpenFileLimit(temp.Path, openFiles, Arguments(blue, green));
        var (proxy, admin) = await process.WaitForBannerAsync();
        await BannerSaysAsync(process, cap);
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(5) };

        var idle = new List<RawConnection>();
        try
        {
            for (var opened = 0L; opened < cap.Limit; opened += 64)
            {
                idle.AddRange(await Task.WhenAll(Enumerable.Range(0, (int)Math.Min(64, cap.Limit!.Value - opened)).Select(_ => RawConnection.OpenAsync(proxy))));
            }

            // At the cap, a new connection is closed as soon as it is accepted: no answer, no waiting. Kestrel admits
            // accepted connections in the order the thread pool runs them, not the order they came: a probe may take
            // the last slot while one idle connection is refused in its place, and every later probe would find the
            // slot its predecessor freed. So an answered probe is replaced by one more idle connection (a few at most).
            var topUps = 0;
            await Eventually.HoldsAsync(
                async () =>
                {
                    if (await AnswerOnNewConnectionAsync(client) is null)
                    {
                        return true;
                    }

                    Assert.True(++topUps <= 16, $"new connections were still served with {idle.Count} idle ones open (cap {cap.Limit})");
                    idle.Add(await RawConnection.OpenAsync(proxy));
                    return false;
                },
                "a new connection refused at the cap");
            using (var refused = await RawConnection.OpenAsync(proxy))
            {
                await refused.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                Assert.Equal("", await refused.ReadToCloseAsync(TimeSpan.FromSeconds(5)));
            }

            // Counted, and logged once for the episode rather than once for every refused connection.
            using var adminClient = new HttpClient { BaseAddress = admin };
            await Eventually.HoldsAsync(async () => await ClientErrors.CountAsync(adminClient, "max_concurrent_connections_exceeded") >= 2, "refusals counted");
            Assert.Single(process.Output.Split('\n'), line => line.Contains("KestrelLimitListener[2300]", StringComparison.Ordinal));
            Assert.DoesNotContain("maximum number of concurrent connections", process.Output, StringComparison.Ordinal);

            idle.GetRange(0, 100).ForEach(connection => connection.Dispose());
            await Eventually.HoldsAsync(async () => await AnswerOnNewConnectionAsync(client) == HttpStatusCode.OK, "new connections served once idle ones left");
            Assert.False(process.HasExited);
        }
        catch
        {
            Console.WriteLine(process.Output);
            throw;
        }
        finally
        {
            idle.ForEach(connection => connection.Dispose());
        }
    }

    private static string[] Arguments(TestBackend blue, TestBackend green) =>
    [
        "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
        "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
        "--BlueGreen:Admin:Token=idle-test-token",
        $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
        $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
    ];

    private static Task BannerSaysAsync(ProxyProcess process, ConnectionCap cap) =>
        Eventually.HoldsAsync(() => process.Output.Contains($"connections: {cap.Describe()}", StringComparison.Ordinal), $"the banner saying '{cap.Describe()}'");

    private static async Task<HttpStatusCode?> AnswerOnNewConnectionAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { ConnectionClose = true } };
        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
