using System.Net;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rolling;

/// <summary>
/// Rolling updates of a pool of six real backends under steady load: batch by batch drained, updated (by a real
/// webhook receiver, or by an operator's continue), enabled, found healthy by active probes and judged against the
/// destinations not updated yet.
/// </summary>
public sealed class RollingUpdateTests
{
    private const string HookPath = "/update";

    [Fact]
    public async Task PoolOfSix_InBatchesOfTwo_UnderLoad_NoRequestFails_NeverMoreThanTwoOut_EveryDestinationUpdatedOnce()
    {
        await using var rig = await Rig.StartAsync();
        await using var hook = await HookReceiver.StartAsync();
        await using var traffic = Traffic.Start(rig.Proxy.Client, clients: 4, maxDuration: TimeSpan.FromSeconds(90));
        await Eventually.HoldsAsync(() => traffic.Sent > 100, "traffic flows");

        using var sampling = new CancellationTokenSource();
        var mostOut = SampleMostOutOfRotationAsync(rig.Proxy.Admin, sampling.Token);
        var started = await rig.Proxy.Admin.StartRollingAsync("blue", new
        {
            batch = 2,
            pause = "00:00:01",
            drainTimeout = "00:00:05",
            update = new { url = hook.Address + HookPath, timeout = "00:00:10" },
            analysis = new { minRequests = 20 },
            reason = "release 42",
        });
        Assert.Equal(3, started.GetProperty("batches").GetArrayLength());

        var ended = await rig.Proxy.Admin.WaitForRollingAsync("blue", r => r.Status() is not ("progressing" or "waitingForUpdate"), "the roll ends");
        await sampling.CancelAsync();
        Assert.True(ended.Status() == "completed", ended.ToString());
        Assert.True(await mostOut <= 2, $"{await mostOut} destinations were out of rotation at once");
        Assert.Equal(0, traffic.Failed);

        // The webhook saw every destination once, batch by batch, with the contract's body.
        var calls = hook.CallsTo(HookPath).Select(call => JsonDocument.Parse(call.Body).RootElement).ToList();
        Assert.Equal([0, 1, 2], calls.Select(c => c.GetProperty("batch").GetInt32()));
        Assert.All(calls, c => Assert.Equal("blue", c.GetProperty("pool").GetString()));
        var updatedIds = calls.SelectMany(c => c.GetProperty("destinations").EnumerateArray().Select(d => d.GetString()!)).ToList();
        Assert.Equal(Rig.BlueIds, updatedIds.Order());
        Assert.Equal(Rig.BlueIds, ended.GetProperty("updated").EnumerateArray().Select(d => d.GetString()!).Order());

        // Every destination serves again, and every batch left its events in the audit history.
        Assert.All(await rig.Proxy.Admin.ModesAsync("blue"), mode => Assert.Equal("active", mode.Value));
        var actions = (await rig.Proxy.Admin.HistoryAsync()).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(3, actions.Count(a => a == "rolling-drain"));
        Assert.Equal(3, actions.Count(a => a == "rolling-enable"));
        Assert.Equal(2, actions.Count(a => a == "rolling-pass"));
        Assert.Equal(1, actions.Count(a => a == "rolling-complete"));
        Assert.All(rig.Blue, backend => Assert.True(backend.Served > 0, $"{backend.Name} served nothing"));

        var metrics = await rig.Proxy.Admin.GetStringAsync("/metrics");
        Assert.Contains("bluegreen_rolling_status{pool=\"blue\",status=\"completed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("bluegreen_rolling_updated_destinations{pool=\"blue\"} 6", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchWhoseUpdatedDestinationsAnswer500ToOneRequestInTen_StopsTheRoll_AndIsDrainedAgain()
    {
        await using var rig = await Rig.StartAsync();
        await using var hook = await HookReceiver.StartAsync();
        await using var traffic = Traffic.Start(rig.Proxy.Client, clients: 4, maxDuration: TimeSpan.FromSeconds(90));

        // The "deploy" of the first batch is a bad release: its backends answer 500 to a tenth of requests.
        var (b1, b2) = (rig.Blue[0], rig.Blue[1]);
        await rig.Proxy.Admin.StartRollingAsync("blue", new
        {
            batch = 2,
            pause = "00:00:30",
            update = new { url = hook.Address + HookPath },
            analysis = new { minRequests = 50 },
        });
        await Eventually.HoldsAsync(() => hook.CallsTo(HookPath).Any(), "the first batch's update is called");
        b1.ErrorRate = b2.ErrorRate = 0.1;

        var stopped = await rig.Proxy.Admin.WaitForRollingAsync("blue", r => r.Status() != "progressing" && r.Status() != "waitingForUpdate", "the roll stops");
        Assert.True(stopped.Status() == "stopped", stopped.ToString());
        Assert.Equal(0, stopped.GetProperty("batch").GetInt32());
        Assert.Contains("updated destinations", stopped.Detail(), StringComparison.Ordinal);
        Assert.Single(hook.CallsTo(HookPath));

        // The failing batch is out of rotation again; the rest were never touched and serve.
        var modes = await rig.Proxy.Admin.ModesAsync("blue");
        Assert.Equal(("draining", "draining"), (modes["b1"], modes["b2"]));
        Assert.All(Rig.BlueIds.Skip(2), id => Assert.Equal("active", modes[id]));
        var (served1, served2, served3) = (b1.Served, b2.Served, rig.Blue[2].Served);
        await Eventually.HoldsAsync(() => rig.Blue[2].Served > served3 + 50, "the untouched destinations serve");
        Assert.Equal((served1, served2), (b1.Served, b2.Served));
    }

    [Fact]
    public async Task WithoutAnUpdateWebhook_EachBatchWaitsForContinue_AndControlsAnswer409WhenNothingRuns()
    {
        await using var rig = await Rig.StartAsync(size: 3);
        await using var traffic = Traffic.Start(rig.Proxy.Client, clients: 2, maxDuration: TimeSpan.FromSeconds(60));
        using (var none = await rig.Proxy.Admin.ControlRollingAsync("blue", "continue"))
        {
            Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        }

        await rig.Proxy.Admin.StartRollingAsync("blue", new { batch = "33%", pause = "00:00:00", analysis = new { minRequests = 5 } });
        for (var batch = 0; batch < 3; batch++)
        {
            var waiting = await rig.Proxy.Admin.WaitForRollingAsync("blue", "waitingForUpdate", batch);
            var id = waiting.GetProperty("batches")[batch][0].GetString()!;
            Assert.Equal("draining", (await rig.Proxy.Admin.ModesAsync("blue"))[id]);
            using var continued = await rig.Proxy.Admin.ControlRollingAsync("blue", "continue");
            Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
        }

        await rig.Proxy.Admin.WaitForRollingAsync("blue", "completed");
        using var after = await rig.Proxy.Admin.ControlRollingAsync("blue", "abort");
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        Assert.Equal(0, traffic.Failed);
    }

    [Fact]
    public async Task PauseHoldsTheBatch_ResumeGoesOn_AbortWhileUpdatingLeavesTheBatchDrained()
    {
        await using var rig = await Rig.StartAsync(size: 3);
        await using var traffic = Traffic.Start(rig.Proxy.Client, clients: 2, maxDuration: TimeSpan.FromSeconds(60));
        await rig.Proxy.Admin.StartRollingAsync("blue", new { batch = 1, pause = "00:00:00", drainTimeout = "00:10:00", analysis = new { minRequests = 5 } });
        await rig.Proxy.Admin.WaitForRollingAsync("blue", "waitingForUpdate", 0);
        using (var paused = await rig.Proxy.Admin.ControlRollingAsync("blue", "pause"))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        using (var continueWhilePaused = await rig.Proxy.Admin.ControlRollingAsync("blue", "continue"))
        {
            Assert.Equal(HttpStatusCode.Conflict, continueWhilePaused.StatusCode);
        }

        using (var resumed = await rig.Proxy.Admin.ControlRollingAsync("blue", "resume"))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        (await rig.Proxy.Admin.ControlRollingAsync("blue", "continue")).Dispose();
        await rig.Proxy.Admin.WaitForRollingAsync("blue", "waitingForUpdate", 1);

        // Abort: the batch being updated stays drained (its update may be half done); the update ends.
        using (var aborted = await rig.Proxy.Admin.ControlRollingAsync("blue", "abort"))
        {
            Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        }

        var ended = await rig.Proxy.Admin.CurrentRollingAsync("blue");
        Assert.Equal(("aborted", 1), (ended.Status(), ended.GetProperty("batch").GetInt32()));
        var modes = await rig.Proxy.Admin.ModesAsync("blue");
        Assert.Equal(("active", "draining", "active"), (modes["b1"], modes["b2"], modes["b3"]));
    }

    /// <summary>The most destinations of blue out of rotation at once, sampled from the state until cancelled.</summary>
    private static async Task<int> SampleMostOutOfRotationAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        var most = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            most = Math.Max(most, (await admin.ModesAsync("blue")).Count(mode => mode.Value != "active"));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return most;
    }

    /// <summary>A proxy whose blue pool has <c>size</c> real backends b1..bN, green one, active probes every 500 ms.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        public static readonly string[] BlueIds = ["b1", "b2", "b3", "b4", "b5", "b6"];

        private readonly TemporaryDirectory _temp;
        private readonly TestBackend _green;

        private Rig(TemporaryDirectory temp, IReadOnlyList<TestBackend> blue, TestBackend green, ProxyUnderTest proxy)
        {
            (_temp, Blue, _green, Proxy) = (temp, blue, green, proxy);
        }

        public IReadOnlyList<TestBackend> Blue { get; }

        public ProxyUnderTest Proxy { get; }

        public static async Task<Rig> StartAsync(int size = 6)
        {
            var temp = new TemporaryDirectory();
            var blue = new List<TestBackend>();
            foreach (var id in BlueIds.Take(size))
            {
                blue.Add(await TestBackend.StartAsync(id));
            }

            var green = await TestBackend.StartAsync("g1");
            var proxy = await ProxyUnderTest.StartAsync(
            [
                .. blue.Select(b => $"--BlueGreen:Pools:blue:Destinations:{b.Name}={b.Address}"),
                $"--BlueGreen:Pools:green:Destinations:g1={green.Address}",
                $"--BlueGreen:State:Path={temp.File("state.json")}",
                "--BlueGreen:Health:Active:Interval=00:00:00.500",
                "--BlueGreen:Health:Active:Path=/healthz",
                "--BlueGreen:Stickiness:Mode=None",
                "--BlueGreen:Pools:blue:LoadBalancing=RoundRobin",
            ]);
            return new Rig(temp, blue, green, proxy);
        }

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            foreach (var backend in Blue)
            {
                await backend.DisposeAsync();
            }

            await _green.DisposeAsync();
            _temp.Dispose();
        }
    }
}
