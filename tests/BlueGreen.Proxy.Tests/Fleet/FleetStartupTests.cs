using System.Net;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Fleet;

/// <summary>A fleet member never serves with weights of its own: started while Redis is away, it waits, not ready.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class FleetStartupTests : IClassFixture<RedisServer>
{
    private readonly RedisServer _redis;

    public FleetStartupTests(RedisServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Start_WhileRedisIsDown_WaitsNotReadySayingSoThenStartsWhenRedisAnswers()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        var admin = PrometheusServer.FreePort();
        await _redis.StopAsync();
        try
        {
            await using var process = ProxyProcess.Start(
                temp.Path,
                "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
                $"--BlueGreen:Listen:Admin=http://127.0.0.1:{admin}",
                "--BlueGreen:Admin:Token=startup-token",
                "--BlueGreen:State:Store=Redis",
                $"--BlueGreen:State:Redis={_redis.ConnectionString}",
                $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{admin}") };

            await Eventually.HoldsAsync(() => process.Output.Contains("Waiting for the state store", StringComparison.Ordinal), "the waiting line");
            using (var notReady = await client.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            }

            Assert.DoesNotContain("data plane:", process.Output, StringComparison.Ordinal);

            await _redis.StartAsync();
            await process.WaitForBannerAsync();
            using var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await _redis.StartAsyncIfStopped();
        }
    }
}
