using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rolling;

/// <summary>A refused rolling-update request gets its status with problem+json and changes nothing.</summary>
public sealed class RollingBadInputTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _temp = new();
    private readonly List<TestBackend> _backends = [];
    private ProxyUnderTest _proxy = null!;

    private HttpClient Admin => _proxy.Admin;

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "b1", "b2", "b3", "g1" })
        {
            _backends.Add(await TestBackend.StartAsync(name));
        }

        _proxy = await ProxyUnderTest.StartAsync(
        [
            .. _backends.Take(3).Select(b => $"--BlueGreen:Pools:blue:Destinations:{b.Name}={b.Address}"),
            $"--BlueGreen:Pools:green:Destinations:g1={_backends[3].Address}",
            $"--BlueGreen:State:Path={_temp.File("state.json")}",
            "--BlueGreen:Health:Active:Enabled=false",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Theory]
    [InlineData("""{}""", "batch")]
    [InlineData("""{"batch":0}""", "batch")]
    [InlineData("""{"batch":-1}""", "batch")]
    [InlineData("""{"batch":1.5}""", "batch")]
    [InlineData("""{"batch":"abc"}""", "batch")]
    [InlineData("""{"batch":"0%"}""", "batch")]
    [InlineData("""{"batch":"150%"}""", "batch")]
    [InlineData("""{"batch":"20"}""", "batch")]
    [InlineData("""{"batch":3}""", "batch")]
    [InlineData("""{"batch":"100%"}""", "batch")]
    [InlineData("""{"batch":1,"pause":"-00:00:01"}""", "pause")]
    [InlineData("""{"batch":1,"drainTimeout":"-00:00:01"}""", "drainTimeout")]
    [InlineData("""{"batch":1,"healthTimeout":"00:00:00"}""", "healthTimeout")]
    [InlineData("""{"batch":1,"pause":"02:00:00"}""", "pause")]
    [InlineData("""{"batch":1,"update":{"url":"ftp://x/y"}}""", "update.url")]
    [InlineData("""{"batch":1,"update":{"url":"/relative"}}""", "update.url")]
    [InlineData("""{"batch":1,"update":{"url":"http://127.0.0.1:9/u","timeout":"00:00:00"}}""", "update.timeout")]
    [InlineData("""{"batch":1,"update":{"url":"http://127.0.0.1:9/u","retries":3}}""", "update.retries")]
    [InlineData("""{"batch":1,"analysis":{"maxErrorRate":2}}""", "analysis.maxErrorRate")]
    [InlineData("""{"batch":1,"analysis":{"dryRun":true}}""", "analysis.dryRun")]
    [InlineData("""{"batch":1,"analysis":{"queries":[]}}""", "analysis.queries")]
    [InlineData("""{"batch":1,"batches":2}""", "batches")]
    public async Task StartRolling_Invalid_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var problem = await ExpectAsync(HttpMethod.Post, "/api/v1/pools/blue/rolling", body, HttpStatusCode.BadRequest, Admin);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        using var none = await Admin.GetAsync("/api/v1/pools/blue/rolling/current");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task UnknownPool_Returns404_PoolOfOne_Returns409()
    {
        await ExpectAsync(HttpMethod.Post, "/api/v1/pools/purple/rolling", """{"batch":1}""", HttpStatusCode.NotFound, Admin);
        await ExpectAsync(HttpMethod.Get, "/api/v1/pools/purple/rolling/current", "", HttpStatusCode.NotFound, Admin);
        var problem = await ExpectAsync(HttpMethod.Post, "/api/v1/pools/green/rolling", """{"batch":1}""", HttpStatusCode.Conflict, Admin);
        Assert.Contains("at least 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewerToken_Returns403_OnStartAndControls()
    {
        using var viewer = new HttpClient { BaseAddress = _proxy.AdminAddress };
        viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyUnderTest.ViewerToken);
        await ExpectAsync(HttpMethod.Post, "/api/v1/pools/blue/rolling", """{"batch":1}""", HttpStatusCode.Forbidden, viewer);
        await ExpectAsync(HttpMethod.Post, "/api/v1/pools/blue/rolling/current/abort", "", HttpStatusCode.Forbidden, viewer);
    }

    [Fact]
    public async Task WhileOneRuns_AnotherStart_Returns409_AndControlsThatDoNotFit_Return409()
    {
        await Admin.StartRollingAsync("blue", new { batch = 1 });
        await Admin.WaitForRollingAsync("blue", "waitingForUpdate", batch: 0);

        var problem = await ExpectAsync(HttpMethod.Post, "/api/v1/pools/blue/rolling", """{"batch":1}""", HttpStatusCode.Conflict, Admin);
        Assert.Contains("is running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ExpectAsync(HttpMethod.Post, "/api/v1/pools/blue/rolling/current/resume", "", HttpStatusCode.Conflict, Admin);
        await ExpectAsync(HttpMethod.Post, "/api/v1/pools/green/rolling/current/abort", "", HttpStatusCode.Conflict, Admin);
        Assert.Equal("waitingForUpdate", (await Admin.CurrentRollingAsync("blue")).Status());
    }

    /// <summary>Sends, checks the status and problem+json, and checks that the version did not move.</summary>
    private async Task<JsonElement> ExpectAsync(HttpMethod method, string path, string body, HttpStatusCode expected, HttpClient client)
    {
        var before = await _proxy.GetVersionAsync();
        using var request = new HttpRequestMessage(method, path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(before, await _proxy.GetVersionAsync());
        return text.Length > 0 ? JsonDocument.Parse(text).RootElement : default;
    }
}
