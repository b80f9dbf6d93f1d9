using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Hosting;

[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
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

    [Fact]
    public async Task Sigterm_WithOneRequestInFlight_LogsTheStartWithTheInFlightCountAndTheEnd()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Logging:Json=true",
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=shutdown-log-test",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Shutdown:Timeout=00:00:20",
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}");
        var (dataPlane, _) = await process.WaitForBannerAsync();
        using var client = new HttpClient { BaseAddress = dataPlane, Timeout = TimeSpan.FromSeconds(30) };
        var slow = client.GetAsync("/delay/1500");
        await Eventually.HoldsAsync(() => blue.InFlight == 1, "one slow request in flight");

        process.Terminate();
        using var response = await slow;
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var lines = JsonLines(process.Output);
        var start = Assert.Single(lines, l => l.GetProperty("EventId").GetInt32() == 1510);
        Assert.Equal(1, start.GetProperty("State").GetProperty("InFlight").GetInt32());
        Assert.Equal("00:00:20", start.GetProperty("State").GetProperty("Timeout").GetString());
        Assert.Single(lines, l => l.GetProperty("EventId").GetInt32() == 1511);
        Assert.True(
            lines.FindIndex(l => l.GetProperty("EventId").GetInt32() == 1510) < lines.FindIndex(l => l.GetProperty("EventId").GetInt32() == 1511),
            "the end is logged after the start");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(root => root.TryGetProperty("EventId", out _))
            .ToList();

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
