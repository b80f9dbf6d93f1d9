using System.Net;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

public sealed class ProbeEndpointTests
{
    [Fact]
    public async Task HealthzAndReadyz_WithStateLoadedAndABackendUp_Answer200WithoutAToken()
    {
        await using var pools = await TwoPools.StartAsync();
        using var client = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };

        using var healthz = await client.GetAsync("/healthz");
        using var readyz = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
    }

    [Fact]
    public async Task Readyz_WhenNoPoolHasAHealthyDestination_Answers503()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Interval=00:00:00.200");
        using var client = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };
        await pools.Blue.DisposeAsync();
        await pools.Green.DisposeAsync();

        await Eventually.HoldsAsync(
            async () =>
            {
                using var readyz = await client.GetAsync("/readyz");
                return readyz.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            "readyz to report no healthy destination");
        using var healthz = await client.GetAsync("/healthz");
        using var last = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("healthy destination", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
