using System.Net;
using System.Net.Sockets;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_With20SlowRequestsInFlight_FinishesThemRefusesNewConnectionsAndExits0()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=shutdown-test",
            "--BlueGreen:Health:Active:Enabled=false",
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}");
        var (dataPlane, _) = await process.WaitForBannerAsync();
        using var client = new HttpClient { BaseAddress = dataPlane, Timeout = TimeSpan.FromSeconds(30) };

        var slow = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await client.GetAsync("/delay/6000");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        await Eventually.HoldsAsync(() => blue.InFlight == 20, "20 slow requests in flight");

        process.Terminate();

        // The listener closes at once: a new connection is refused while the old requests still run.
        await Eventually.HoldsAsync(() => !Accepts(dataPlane), "new connections refused", TimeSpan.FromSeconds(5));
        Assert.True(blue.InFlight > 0, "the slow requests should still be running when new connections are refused");

        foreach (var (status, body) in await Task.WhenAll(slow))
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("blue", body);
        }

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static bool Accepts(Uri address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(address.Host, address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
