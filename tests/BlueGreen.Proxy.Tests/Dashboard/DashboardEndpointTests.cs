using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Dashboard;

/// <summary>The dashboard's files and <c>GET /api/v1/whoami</c> over plain HTTP, without a browser.</summary>
public sealed class DashboardEndpointTests
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/dashboard.js", "text/javascript")]
    [InlineData("/dashboard.css", "text/css")]
    public async Task Get_DashboardFileWithoutAToken_IsServedWithItsTypeAndTheSecurityHeaders(string path, string mediaType)
    {
        await using var pools = await TwoPools.StartAsync();
        using var client = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task Get_Root_HasNoInlineScriptOrStyle()
    {
        await using var pools = await TwoPools.StartAsync();
        using var client = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };

        var html = await client.GetStringAsync("/");

        Assert.Contains("<script src=\"/dashboard.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Single(html.Split("<script").Skip(1));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(ProxyUnderTest.OperatorToken, "operator")]
    [InlineData(ProxyUnderTest.ViewerToken, "viewer")]
    public async Task WhoAmI_WithAToken_NamesIt(string token, string name)
    {
        await using var pools = await TwoPools.StartAsync();
        using var client = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var document = await client.GetFromJsonAsync<JsonElement>("/api/v1/whoami");

        Assert.Equal(name, document.GetProperty("name").GetString());
        Assert.Single(document.EnumerateObject());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task WhoAmI_WithoutAValidToken_Answers401(string? token)
    {
        await using var pools = await TwoPools.StartAsync();
        using var client = new HttpClient { BaseAddress = pools.Proxy.AdminAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.GetAsync("/api/v1/whoami");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
