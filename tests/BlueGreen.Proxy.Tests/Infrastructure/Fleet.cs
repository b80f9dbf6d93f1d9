using StackExchange.Redis;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Three proxies in-process on one real Redis, over the same blue and green backends, starting from an empty Redis.</summary>
internal sealed class Fleet : IAsyncDisposable
{
    private Fleet(IReadOnlyList<ProxyUnderTest> proxies, TestBackend blue1, TestBackend blue2, TestBackend green)
    {
        Proxies = proxies;
        (Blue1, Blue2, Green) = (blue1, blue2, green);
    }

    public IReadOnlyList<ProxyUnderTest> Proxies { get; }

    public TestBackend Blue1 { get; }

    public TestBackend Blue2 { get; }

    public TestBackend Green { get; }

    public static async Task<Fleet> StartAsync(RedisServer redis, int size = 3)
    {
        await FlushAsync(redis);
        var blue1 = await TestBackend.StartAsync("blue-1");
        var blue2 = await TestBackend.StartAsync("blue-2");
        var green = await TestBackend.StartAsync("green-1");
        var proxies = new List<ProxyUnderTest>();
        for (var i = 0; i < size; i++)
        {
            proxies.Add(await ProxyUnderTest.StartAsync(
            [
                $"--BlueGreen:Pools:blue:Destinations:blue-1={blue1.Address}",
                $"--BlueGreen:Pools:blue:Destinations:blue-2={blue2.Address}",
                $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
                "--BlueGreen:State:Store=Redis",
                $"--BlueGreen:State:Redis={redis.ConnectionString}",
                "--BlueGreen:Health:Active:Enabled=false",
                "--BlueGreen:Stickiness:Mode=None",
            ]));
        }

        return new Fleet(proxies, blue1, blue2, green);
    }

    /// <summary>Empties Redis, so each test starts from no state.</summary>
    public static async Task FlushAsync(RedisServer redis)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        await admin.GetServer(admin.GetEndPoints()[0]).FlushAllDatabasesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in Proxies)
        {
            await proxy.DisposeAsync();
        }

        await Green.DisposeAsync();
        await Blue2.DisposeAsync();
        await Blue1.DisposeAsync();
    }
}
