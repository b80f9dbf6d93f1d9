using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class FailoverTests
{
    [Fact]
    public async Task EveryGreenBackendStopped_At5PercentGreen_BlueServesGreensRequestsOnceEjected()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Interval=00:00:00.500");
        var (_, green, proxy) = pools;
        await proxy.SetWeightsAsync(95, 5);
        await Eventually.HoldsAsync(async () => await HealthOfAsync(proxy, "green") == "healthy", "green probed healthy");

        await green.DisposeAsync();
        await Eventually.HoldsAsync(async () => await HealthOfAsync(proxy, "green") == "unhealthy", "green ejected by its probe");

        const int Requests = 400;
        var served = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var response = await proxy.Client.GetAsync("/");
            return (response.StatusCode, Pool: response.Headers.GetValues("X-BlueGreen-Pool").Single());
        }));

        Assert.All(served, s => Assert.Equal((HttpStatusCode.OK, "blue"), s));
        var metrics = await proxy.Admin.GetStringAsync("/metrics");

        // Requests assigned to green still count as green's, and the whole episode counts once.
        Assert.Contains("bluegreen_failovers_total{pool=\"green\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Matches("bluegreen_requests_total\\{pool=\"green\",code=\"200\"\\} [1-9]", metrics);
    }

    [Fact]
    public async Task EveryGreenBackendStopped_WithFailoverOff_GreensRequestsGet503()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Failover:Enabled=false", "--BlueGreen:Health:Active:Interval=00:00:00.500");
        var (_, green, proxy) = pools;
        await proxy.SetWeightsAsync(0, 100);
        await green.DisposeAsync();
        await Eventually.HoldsAsync(async () => await HealthOfAsync(proxy, "green") == "unhealthy", "green ejected by its probe");

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("green", response.Headers.GetValues("X-BlueGreen-Pool").Single());
    }

    private static async Task<string?> HealthOfAsync(ProxyUnderTest proxy, string pool)
    {
        var state = await proxy.Admin.GetFromJsonAsync<JsonElement>("/api/v1/state");
        return state.GetProperty("pools").GetProperty(pool).GetProperty("destinations")[0].GetProperty("health").GetString();
    }
}
