using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Faults;

/// <summary>Fire drills: faults injected through the admin plane, with their expiry, against real backends.</summary>
public sealed class FaultTests
{
    private static readonly string[] Quiet = ["--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false"];

    [Fact]
    public async Task StatusFault_OnGreenDuringARollout_RollsItBackAndExpiresByItself()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        await using var traffic = Traffic.Start(pools.Proxy.Client);
        await admin.StartRolloutAsync(new { to = "green", steps = new[] { 20, 100 }, stepInterval = "00:10:00" });

        using var injected = await admin.PostAsJsonAsync("/api/v1/faults", new { pool = "green", percent = 20, status = 500, expiresIn = "00:00:03" });
        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);
        var fault = await injected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("green", 20m, 500), (fault.GetProperty("pool").GetString(), fault.GetProperty("percent").GetDecimal(), fault.GetProperty("status").GetInt32()));

        var ended = await admin.WaitForRolloutStatusAsync("rolledBack");
        Assert.Equal("fail", ended.Verdict());
        await Eventually.HoldsAsync(async () => (await admin.GetFromJsonAsync<JsonElement>("/api/v1/faults")).GetArrayLength() == 0, "the fault expired");
        var actions = (await admin.HistoryAsync()).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("fault-inject", actions);
        Assert.Contains("fault-expire", actions);
        Assert.Contains("bluegreen_injected_faults_total{pool=\"green\",kind=\"status\"}", await admin.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusFault_AllOfGreen_AnswersWithoutReachingTheBackendAndRemovingItEndsIt()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        using var injected = await admin.PostAsJsonAsync("/api/v1/faults", new { pool = "green", percent = 100, status = 503, expiresIn = "00:05:00" });
        var id = (await injected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Add("X-BlueGreen-Pool", "green");
            using var response = await pools.Proxy.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(id, response.Headers.GetValues("X-BlueGreen-Fault").Single());
        }

        Assert.Equal(0, pools.Green.Served);
        Assert.Equal(id, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/faults"))[0].GetProperty("id").GetString());
        using (var removed = await admin.DeleteAsync($"/api/v1/faults/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.Equal("green", await pools.Proxy.GetPoolAsync("/", r => r.Headers.Add("X-BlueGreen-Pool", "green")));
        using var again = await admin.DeleteAsync($"/api/v1/faults/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task DelayFault_OnBlue_DelaysAndStillServes()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        var admin = pools.Proxy.Admin;
        using var injected = await admin.PostAsJsonAsync("/api/v1/faults", new { pool = "blue", percent = 100, delayMs = 50, expiresIn = "00:05:00" });
        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("blue", await pools.Proxy.GetPoolAsync());
        }

        Assert.Contains("bluegreen_injected_faults_total{pool=\"blue\",kind=\"delay\"} 5", await admin.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"pool":"green","percent":20,"status":500}""", "expiresIn")]
    [InlineData("""{"pool":"green","percent":20,"status":500,"expiresIn":"00:10:01"}""", "expiresIn")]
    [InlineData("""{"pool":"green","percent":20,"status":500,"delayMs":100,"expiresIn":"00:01:00"}""", "status")]
    [InlineData("""{"pool":"green","percent":20,"expiresIn":"00:01:00"}""", "status")]
    [InlineData("""{"pool":"green","percent":20,"status":200,"expiresIn":"00:01:00"}""", "status")]
    [InlineData("""{"pool":"purple","percent":20,"status":500,"expiresIn":"00:01:00"}""", "pool")]
    [InlineData("""{"pool":"green","percent":0,"status":500,"expiresIn":"00:01:00"}""", "percent")]
    [InlineData("""{"pool":"green","percent":20.123,"status":500,"expiresIn":"00:01:00"}""", "percent")]
    [InlineData("""{"pool":"green","percent":20,"delayMs":0,"expiresIn":"00:01:00"}""", "delayMs")]
    [InlineData("""{"pool":"green","percent":20,"status":500,"expiresIn":"00:01:00","forever":true}""", "forever")]
    public async Task InjectFault_Invalid_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        await using var pools = await TwoPools.StartAsync(Quiet);

        using var response = await pools.Proxy.Admin.PostAsync("/api/v1/faults", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await pools.Proxy.GetVersionAsync());
    }

    [Fact]
    public async Task InjectFault_ViewerToken_Returns403()
    {
        await using var pools = await TwoPools.StartAsync(Quiet);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/faults")
        {
            Content = JsonContent.Create(new { pool = "green", percent = 20, status = 500, expiresIn = "00:01:00" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ProxyUnderTest.ViewerToken);

        using var response = await pools.Proxy.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
