using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class ConsistentHashTests
{
    [Fact]
    public async Task Proxy_BluePoolOnConsistentHash_SendsEachPathToOneBackendAndSpreadsPathsOverAll()
    {
        using var directory = new TemporaryDirectory();
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var b3 = await TestBackend.StartAsync("b3");
        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:b1={b1.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b2={b2.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b3={b3.Address}",
            "--BlueGreen:Pools:blue:LoadBalancing=ConsistentHash",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Stickiness:Mode=None",
            $"--BlueGreen:State:Path={directory.File("state.json")}",
        ]);

        var owners = new Dictionary<string, string>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 60; i++)
            {
                var path = $"/items/{i}";
                using var response = await proxy.Client.GetAsync(path);
                response.EnsureSuccessStatusCode();
                var backend = Assert.Single(response.Headers.GetValues("X-Backend"));
                if (owners.TryGetValue(path, out var owner))
                {
                    Assert.Equal(owner, backend);
                }
                else
                {
                    owners[path] = backend;
                }
            }
        }

        Assert.Equal(["b1", "b2", "b3"], owners.Values.Distinct().Order().ToArray());
    }
}
