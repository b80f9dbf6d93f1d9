using System.Net.Http.Headers;
using BlueGreen.Proxy.Tests.Infrastructure;
using StackExchange.Redis;

namespace BlueGreen.Proxy.Tests.Fleet;

/// <summary>One rollout driver for a fleet: when the proxy driving it dies, another takes over at the same step.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class FleetRolloutTests : IClassFixture<RedisServer>
{
    private const string Token = "fleet-rollout-token";

    private readonly RedisServer _redis;

    public FleetRolloutTests(RedisServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task KillTheDrivingProxy_AnotherTakesTheLeaseAndGoesOnAtTheSameStep()
    {
        await Infrastructure.Fleet.FlushAsync(_redis);
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        string[] args =
        [
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            $"--BlueGreen:Admin:Token={Token}",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Stickiness:Mode=None",
            "--BlueGreen:State:Store=Redis",
            $"--BlueGreen:State:Redis={_redis.ConnectionString}",
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
        ];
        var processes = new[] { ProxyProcess.Start(temp.Path, args), ProxyProcess.Start(temp.Path, args) };
        try
        {
            var planes = new List<(Uri Data, Uri Admin)>();
            foreach (var process in processes)
            {
                planes.Add(await process.WaitForBannerAsync());
            }

            var clients = planes.Select(p => (Data: new HttpClient { BaseAddress = p.Data }, Admin: Admin(p.Admin))).ToList();
            var traffic = clients.Select(c => Traffic.Start(c.Data, clients: 2)).ToList();
            try
            {
                var started = await clients[0].Admin.StartRolloutAsync(new
                {
                    to = "green", steps = new[] { 10, 30, 60, 100 }, stepInterval = "00:00:02", analysis = new { minRequests = 5, sequential = false },
                });
                await clients[0].Admin.WaitForRolloutAsync(r => r.GetProperty("step").GetInt32() == 1, "step 2 of 4");

                // Kill -9 whichever proxy holds the lease: its id names its process.
                await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
                var holder = (string?)await redis.GetDatabase().StringGetAsync("{bluegreen}:rollout-lease");
                Assert.NotNull(holder);
                var driver = Array.FindIndex(processes, p => holder.Contains($"-{p.ProcessId}-", StringComparison.Ordinal));
                Assert.True(driver >= 0, $"lease holder {holder}");
                await processes[driver].KillAsync();
                var survivor = clients[1 - driver].Admin;
                var atKill = await survivor.CurrentRolloutAsync();

                var ended = await survivor.WaitForRolloutStatusAsync("promoted", TimeSpan.FromSeconds(60));

                Assert.Equal(started.GetProperty("id").GetString(), ended.GetProperty("id").GetString());
                Assert.True(atKill.GetProperty("step").GetInt32() >= 1);
                var holderNow = (string?)await redis.GetDatabase().StringGetAsync("{bluegreen}:rollout-lease");
                Assert.Contains($"-{processes[1 - driver].ProcessId}-", holderNow, StringComparison.Ordinal);
                var steps = (await survivor.HistoryAsync()).Where(e => e.GetProperty("action").GetString() == "rollout-step").ToList();
                Assert.Equal(2, steps.Count);
            }
            finally
            {
                foreach (var t in traffic)
                {
                    await t.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static HttpClient Admin(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }
}
