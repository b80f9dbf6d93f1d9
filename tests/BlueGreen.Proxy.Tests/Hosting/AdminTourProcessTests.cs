using System.Net;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Hosting;

/// <summary>
/// Every admin route family once, on the real executable: each answer and each body goes through the JSON the build
/// ships (source-generated in the Native AOT build, where CI runs this test a second time against the binary).
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class AdminTourProcessTests
{
    private const string Token = "admin-tour-token";

    [Fact]
    public async Task EveryRouteFamily_AnswersWithItsDocument()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        await using var green2 = await TestBackend.StartAsync("green-2");
        await using var proxy = ProxyProcess.Start(
            temp.Path,
            [
                .. ProxyProcess.LoopbackArgs(Token),
                $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
                $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
            ]);
        var (data, adminPlane) = await proxy.WaitForBannerAsync();
        using var admin = ProxyProcess.AdminClient(adminPlane, Token);
        using var dataClient = new HttpClient { BaseAddress = data };

        var state = await Expect(admin, HttpMethod.Get, "/api/v1/state", null, HttpStatusCode.OK);
        Assert.Equal(100m, state.GetProperty("weights").GetProperty("blue").GetDecimal());
        Assert.Equal("blue-1", state.GetProperty("pools").GetProperty("blue").GetProperty("destinations")[0].GetProperty("id").GetString());

        var weights = await Expect(admin, HttpMethod.Put, "/api/v1/weights", """{"blue":90,"green":10}""", HttpStatusCode.OK);
        Assert.Equal(10m, weights.GetProperty("weights").GetProperty("green").GetDecimal());
        var wrongType = await Expect(admin, HttpMethod.Put, "/api/v1/weights", """{"blue":"95","green":5}""", HttpStatusCode.BadRequest);
        Assert.Equal("must be a number.", wrongType.GetProperty("errors").GetProperty("blue")[0].GetString());
        var malformed = await Expect(admin, HttpMethod.Put, "/api/v1/weights", """{"blue":""", HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", malformed.GetProperty("title").GetString());

        // Back to the stable pool (blue) from the 90/10 split.
        var rolledBack = await Expect(admin, HttpMethod.Post, "/api/v1/rollback", null, HttpStatusCode.OK);
        Assert.Equal(100m, rolledBack.GetProperty("weights").GetProperty("blue").GetDecimal());

        await Expect(admin, HttpMethod.Post, "/api/v1/switch", """{"to":"green","reason":"tour"}""", HttpStatusCode.OK);
        using (var served = await dataClient.GetAsync("/"))
        {
            Assert.Equal("green", Assert.Single(served.Headers.GetValues("X-BlueGreen-Pool")));
        }

        var fault = await Expect(admin, HttpMethod.Post, "/api/v1/faults", """{"pool":"green","percent":20,"status":500,"expiresIn":"00:05:00"}""", HttpStatusCode.Created);
        var faultId = fault.GetProperty("id").GetString();
        Assert.Equal(faultId, (await Expect(admin, HttpMethod.Get, "/api/v1/faults", null, HttpStatusCode.OK))[0].GetProperty("id").GetString());
        Assert.Equal(0, (await Expect(admin, HttpMethod.Delete, $"/api/v1/faults/{faultId}", null, HttpStatusCode.OK)).GetArrayLength());

        var added = await Expect(admin, HttpMethod.Post, "/api/v1/pools/green/destinations", $$"""{"id":"green-2","address":"{{green2.Address}}"}""", HttpStatusCode.OK);
        Assert.Equal(2, added.GetProperty("pools").GetProperty("green").GetProperty("destinations").GetArrayLength());
        // Sent as curl -d sends it (a form), to a route whose services come [AsParameters]: read as JSON all the same, not refused with 415.
        using (var form = new StringContent("""{"reason":"tour"}""", Encoding.UTF8, "application/x-www-form-urlencoded"))
        using (var drained = await admin.PostAsync("/api/v1/pools/green/destinations/green-2/drain", form))
        {
            Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        }

        await Expect(admin, HttpMethod.Post, "/api/v1/pools/green/destinations/green-2/enable", null, HttpStatusCode.OK);

        var rolling = await admin.StartRollingAsync("green", new { batch = 1, reason = "tour" });
        Assert.Equal("green", rolling.GetProperty("pool").GetString());
        await Expect(admin, HttpMethod.Post, "/api/v1/pools/green/rolling/current/abort", null, HttpStatusCode.OK);

        var rollout = await admin.StartRolloutAsync(new { to = "blue", steps = new[] { 5, 100 }, stepInterval = "00:01:00" });
        Assert.Equal("progressing", rollout.Status());
        await Expect(admin, HttpMethod.Post, "/api/v1/rollouts/current/abort", null, HttpStatusCode.OK);
        Assert.Equal("aborted", (await admin.CurrentRolloutAsync()).Status());

        var history = await Expect(admin, HttpMethod.Get, "/api/v1/history?limit=50", null, HttpStatusCode.OK);
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "switch" && e.GetProperty("reason").GetString() == "tour");
        Assert.Equal("operator", (await Expect(admin, HttpMethod.Get, "/api/v1/whoami", null, HttpStatusCode.OK)).GetProperty("name").GetString());

        using var openApi = await admin.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/api/v1/weights", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Contains("bluegreen_requests_total{", metrics, StringComparison.Ordinal);
        using var dashboard = await admin.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    /// <summary>Sends <paramref name="body"/> as JSON, asserts the status (showing the answer when it differs) and returns the answer's JSON.</summary>
    private static async Task<JsonElement> Expect(HttpClient admin, HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
