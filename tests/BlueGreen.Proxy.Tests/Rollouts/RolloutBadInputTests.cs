using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>A refused rollout request gets its status with problem+json and changes nothing.</summary>
public sealed class RolloutBadInputTests : IAsyncLifetime
{
    private TwoPools _pools = null!;

    private HttpClient Admin => _pools.Proxy.Admin;

    public Task InitializeAsync() => InitializeCoreAsync();

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Theory]
    [InlineData("""{"to":"green","steps":[5,25,25,100],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[50,25,100],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[5,150],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[5,50],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[5.125,100],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[0,100],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[],"stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","stepInterval":"00:00:30"}""", "steps")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:00"}""", "stepInterval")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"-00:00:05"}""", "stepInterval")]
    [InlineData("""{"to":"green","steps":[5,100]}""", "stepInterval")]
    [InlineData("""{"to":"purple","steps":[5,100],"stepInterval":"00:00:30"}""", "to")]
    [InlineData("""{"steps":[5,100],"stepInterval":"00:00:30"}""", "to")]
    [InlineData("""{"to":"blue","steps":[5,100],"stepInterval":"00:00:30"}""", "to")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","colour":"red"}""", "colour")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","analysis":{"maxErrorRat":0.1}}""", "analysis.maxErrorRat")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","analysis":{"maxErrorRate":1.5}}""", "analysis.maxErrorRate")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","analysis":{"minRequests":0}}""", "analysis.minRequests")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","analysis":{"alpha":1}}""", "analysis.alpha")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","analysis":{"maxP99Ms":0}}""", "analysis.maxP99Ms")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","onFailure":"explode"}""", "onFailure")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","rampDown":{"percent":0,"interval":"00:00:05"}}""", "rampDown.percent")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","rampDown":{"percent":50}}""", "rampDown.interval")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","rampDown":{"percent":50,"interval":"00:00:05","x":1}}""", "rampDown.x")]
    public async Task StartRollout_Invalid_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var problem = await ExpectAsync(HttpMethod.Post, "/api/v1/rollouts", body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        using var none = await Admin.GetAsync("/api/v1/rollouts/current");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Theory]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"30s"}""")]
    [InlineData("""{"to":"green","steps":"5,100","stepInterval":"00:00:30"}""")]
    [InlineData("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30","to":"blue"}""")]
    public async Task StartRollout_MalformedBody_Returns400(string body) =>
        await ExpectAsync(HttpMethod.Post, "/api/v1/rollouts", body, HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("promote")]
    [InlineData("abort")]
    public async Task Control_NoRolloutRunning_Returns409(string action)
    {
        var problem = await ExpectAsync(HttpMethod.Post, $"/api/v1/rollouts/current/{action}", "", HttpStatusCode.Conflict);

        Assert.Contains("No rollout is running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileARolloutRuns_AnotherRolloutWeightsAndSwitch_Return409()
    {
        await Admin.StartRolloutAsync(new { to = "green", steps = new[] { 10, 100 }, stepInterval = "00:10:00" });

        await ExpectAsync(HttpMethod.Post, "/api/v1/rollouts", """{"to":"green","steps":[20,100],"stepInterval":"00:00:30"}""", HttpStatusCode.Conflict);
        var weights = await ExpectAsync(HttpMethod.Put, "/api/v1/weights", """{"blue":50,"green":50}""", HttpStatusCode.Conflict);
        await ExpectAsync(HttpMethod.Post, "/api/v1/switch", """{"to":"green"}""", HttpStatusCode.Conflict);
        await ExpectAsync(HttpMethod.Post, "/api/v1/rollouts/current/resume", "", HttpStatusCode.Conflict);

        Assert.Contains("is running", weights.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("progressing", (await Admin.CurrentRolloutAsync()).Status());
    }

    [Fact]
    public async Task Rollback_WhileARolloutRuns_AbortsItAtOnce()
    {
        await Admin.StartRolloutAsync(new
        {
            to = "green", steps = new[] { 40, 100 }, stepInterval = "00:10:00", rampDown = new { percent = 50, interval = "00:01:00" },
        });

        using var response = await Admin.PostAsJsonAsync("/api/v1/rollback", new { reason = "pager" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(100m, state.GetProperty("weights").GetProperty("blue").GetDecimal());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("rollout").ValueKind);
        Assert.Equal("aborted", (await Admin.CurrentRolloutAsync()).Status());
        Assert.Equal("rollout-abort", (await Admin.HistoryAsync()).Last().GetProperty("action").GetString());
    }

    [Fact]
    public async Task StartRollout_ViewerToken_Returns403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rollouts")
        {
            Content = new StringContent("""{"to":"green","steps":[5,100],"stepInterval":"00:00:30"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ProxyUnderTest.ViewerToken);

        using var response = await Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task InitializeCoreAsync()
    {
        _pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
    }

    /// <summary>Sends, checks the status and problem+json, and checks that the version and weights did not move.</summary>
    private async Task<JsonElement> ExpectAsync(HttpMethod method, string path, string body, HttpStatusCode expected)
    {
        var before = await _pools.Proxy.GetStateAsync();
        using var request = new HttpRequestMessage(method, path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await _pools.Proxy.GetStateAsync();
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(before.GetProperty("weights").ToString(), after.GetProperty("weights").ToString());
        return JsonDocument.Parse(text).RootElement;
    }
}
