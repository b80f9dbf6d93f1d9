using System.Net;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>The admin plane describes itself: ASP.NET Core's OpenAPI document at <c>/openapi/v1.json</c>.</summary>
public sealed class OpenApiTests
{
    public static TheoryData<string, string> ContractRoutes => new()
    {
        { "get", "/api/v1/state" },
        { "put", "/api/v1/weights" },
        { "post", "/api/v1/switch" },
        { "post", "/api/v1/rollback" },
        { "post", "/api/v1/rollouts" },
        { "get", "/api/v1/rollouts/current" },
        { "post", "/api/v1/rollouts/current/pause" },
        { "post", "/api/v1/rollouts/current/resume" },
        { "post", "/api/v1/rollouts/current/promote" },
        { "post", "/api/v1/rollouts/current/abort" },
        { "post", "/api/v1/pools/{pool}/destinations" },
        { "delete", "/api/v1/pools/{pool}/destinations/{id}" },
        { "post", "/api/v1/pools/{pool}/destinations/{id}/drain" },
        { "post", "/api/v1/pools/{pool}/destinations/{id}/enable" },
        { "get", "/api/v1/history" },
        { "get", "/metrics" },
        { "get", "/healthz" },
        { "get", "/readyz" },
    };

    [Theory]
    [MemberData(nameof(ContractRoutes))]
    public async Task OpenApiDocument_EveryContractRoute_IsDescribed(string method, string path)
    {
        var document = await ReadDocumentAsync();

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing");
        Assert.True(item.TryGetProperty(method, out _), $"{method} {path} is missing");
    }

    [Fact]
    public async Task OpenApiDocument_Writes_DescribeTheirBodyAnswersAndProblems()
    {
        var weights = (await ReadDocumentAsync()).GetProperty("paths").GetProperty("/api/v1/weights").GetProperty("put");

        var body = weights.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(body.TryGetProperty("$ref", out _) || body.TryGetProperty("properties", out _), body.ToString());
        var responses = weights.GetProperty("responses");
        foreach (var status in new[] { "200", "400", "401", "403", "409", "412", "503" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"PUT /api/v1/weights does not describe {status}");
        }

        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Contains("bearer", weights.GetProperty("security")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Write_SentAsAFormAsCurlDashDSendsIt_IsReadAsJsonNot415()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        using var body = new StringContent("""{"blue":95,"green":5}""", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await pools.Proxy.Admin.PutAsync("/api/v1/weights", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> ReadDocumentAsync()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        using var anonymous = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
