using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Observability;

/// <summary>What operators read during a release, from the real process with JSON console logging.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class LogTests
{
    [Fact]
    public async Task JsonLogs_AdminChangeAndHealthTransition_EachWriteOneStructuredLine()
    {
        using var temp = new TemporaryDirectory();
        var blue = await TestBackend.StartAsync("blue");
        var blueAddress = blue.Address;
        await using var green = await TestBackend.StartAsync("green");
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Logging:Json=true",
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=log-test-token",
            "--BlueGreen:Health:Active:Interval=00:00:00.200",
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blueAddress}",
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}");
        var (_, admin) = await process.WaitForBannerAsync();
        using var client = new HttpClient { BaseAddress = admin };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "log-test-token");

        using var change = await client.PutAsJsonAsync("/api/v1/weights", new { blue = 80, green = 20, reason = "canary" });
        change.EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(() => Lines(process.Output).Any(l => l.EventId == 1000), "a routing change line");
        await Eventually.HoldsAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/api/v1/state")).GetProperty("pools").GetProperty("blue")
                .GetProperty("destinations")[0].GetProperty("health").GetString() == "healthy",
            "blue-1 probed healthy");
        await blue.DisposeAsync();
        await Eventually.HoldsAsync(() => Lines(process.Output).Any(IsBlueDown), "a line for blue-1 going unhealthy");

        var changeLine = Lines(process.Output).Single(l => l.EventId == 1000).State;
        Assert.Equal("operator", changeLine.GetProperty("Actor").GetString());
        Assert.Equal("weights", changeLine.GetProperty("Action").GetString());
        Assert.Contains("green=0", changeLine.GetProperty("From").GetString(), StringComparison.Ordinal);
        Assert.Contains("green=20", changeLine.GetProperty("To").GetString(), StringComparison.Ordinal);
        Assert.Equal("canary", changeLine.GetProperty("Reason").GetString());

        // One line per transition: blue-1 went down once, so once.
        var healthLine = Lines(process.Output).Single(IsBlueDown).State;
        Assert.Equal("blue", healthLine.GetProperty("Pool").GetString());
        // The watcher looks every 500 ms, so it may not have seen blue-1's short healthy spell: "from" is
        // whatever it last saw, and never "unhealthy" itself.
        Assert.Contains(healthLine.GetProperty("From").GetString(), new[] { "healthy", "unknown" });
        Assert.Equal(blueAddress, healthLine.GetProperty("Address").GetString());
    }

    [Fact]
    public async Task JsonLogs_FailedActiveProbes_OneLineEachWithDestinationErrorAndCountAndNoStackTrace()
    {
        using var temp = new TemporaryDirectory();
        string deadAddress;
        await using (var gone = await TestBackend.StartAsync("gone"))
        {
            deadAddress = gone.Address;
        }

        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Logging:Json=true",
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=probe-log-test",
            "--BlueGreen:Health:Active:Interval=00:00:00.100",
            $"--BlueGreen:Pools:blue:Destinations:blue-1={deadAddress}");
        await process.WaitForBannerAsync();

        await Eventually.HoldsAsync(() => ProbeFailures(process.Output).Count >= 3, "three failed probes of blue-1");

        var failures = ProbeFailures(process.Output).Take(3).ToList();
        Assert.Equal([1, 2, 3], failures.Select(f => f.GetProperty("Failures").GetInt32()));
        Assert.All(failures, f =>
        {
            Assert.Equal("blue", f.GetProperty("Pool").GetString());
            Assert.Equal(deadAddress, f.GetProperty("Address").GetString());
            Assert.Contains("refused", f.GetProperty("Error").GetString(), StringComparison.OrdinalIgnoreCase);
        });
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ActiveHealthCheckMonitor", process.Output, StringComparison.Ordinal);
    }

    private static List<JsonElement> ProbeFailures(string output) =>
        Lines(output)
            .Where(l => l.EventId == 1500 && l.State.GetProperty("Destination").GetString() == "blue-1")
            .Select(l => l.State)
            .ToList();

    private static bool IsBlueDown((int EventId, JsonElement State) line) =>
        line.EventId == 1100 &&
        line.State.GetProperty("Destination").GetString() == "blue-1" &&
        line.State.GetProperty("To").GetString() == "unhealthy";

    private static IEnumerable<(int EventId, JsonElement State)> Lines(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("EventId", out var id) && root.TryGetProperty("State", out var state))
            {
                yield return (id.GetInt32(), state.Clone());
            }
        }
    }
}
