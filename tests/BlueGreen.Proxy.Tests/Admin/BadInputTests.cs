using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>Bad input gets the contract's status with problem+json, and the state version stays the same.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TwoPools _pools = null!;

    private ProxyUnderTest Proxy => _pools.Proxy;

    public async Task InitializeAsync()
    {
        _pools = await TwoPools.StartAsync();
        await Proxy.SetWeightsAsync(90, 10);
    }

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Theory]
    [InlineData("""{"blue":60,"green":30}""", "weights")]
    [InlineData("""{"blue":-5,"green":105}""", "blue")]
    [InlineData("""{"blue":95.001,"green":4.999}""", "blue")]
    [InlineData("""{"blue":95,"purple":5}""", "purple")]
    [InlineData("""{"blue":95,"green":5,"purple":0}""", "purple")]
    [InlineData("""{"blue":100}""", "green")]
    public async Task PutWeights_InvalidWeights_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var problem = await SendAndExpectAsync(HttpMethod.Put, "/api/v1/weights", body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task PutWeights_ReasonOver200Characters_Returns400()
    {
        var body = $$"""{"blue":95,"green":5,"reason":"{{new string('r', 201)}}"}""";

        var problem = await SendAndExpectAsync(HttpMethod.Put, "/api/v1/weights", body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"blue":95,"green":""")]
    [InlineData("""not json""")]
    [InlineData("""{"blue":"95","green":"5"}""")]
    [InlineData("""{"blue":95,"blue":95,"green":5}""")]
    [InlineData("""null""")]
    [InlineData("")]
    public async Task PutWeights_MalformedBody_Returns400(string body)
    {
        await SendAndExpectAsync(HttpMethod.Put, "/api/v1/weights", body, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("PUT", "/api/v1/weights", """{"blue":"95","green":5}""", "blue", "must be a number.")]
    [InlineData("PUT", "/api/v1/weights", """{"blue":95,"green":true}""", "green", "must be a number.")]
    [InlineData("PUT", "/api/v1/weights", """{"blue":95,"green":5,"reason":7}""", "reason", "must be a string.")]
    [InlineData("POST", "/api/v1/switch", """{"to":["green"]}""", "to", "must be a string.")]
    public async Task Write_ValueOfTheWrongKind_Returns400NamingTheFieldInWords(string method, string path, string body, string field, string expected)
    {
        var problem = await SendAndExpectAsync(new HttpMethod(method), path, body, HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Equal(expected, message);
        Assert.DoesNotContain("System.", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutWeights_OneMegabyteBody_Returns413()
    {
        var body = $$"""{"blue":95,"green":5,"reason":"{{new string('x', 1024 * 1024)}}"}""";

        await SendAndExpectAsync(HttpMethod.Put, "/api/v1/weights", body, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PutWeights_OneMegabyteChunkedBody_Returns413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"blue":95,"green":5,"reason":"{{new string('x', 1024 * 1024)}}"}""")));
        using var request = Request(HttpMethod.Put, "/api/v1/weights", "");
        request.Content = content;
        request.Headers.TransferEncodingChunked = true;

        await ExpectAsync(request, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("""{"to":"purple"}""", "to")]
    [InlineData("""{}""", "to")]
    [InlineData("""{"to":"green","extra":1}""", "extra")]
    public async Task PostSwitch_InvalidTarget_Returns400(string body, string field)
    {
        var problem = await SendAndExpectAsync(HttpMethod.Post, "/api/v1/switch", body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("Bearer ")]
    public async Task Write_WithoutAValidToken_Returns401(string? authorization)
    {
        using var request = Request(HttpMethod.Put, "/api/v1/weights", """{"blue":50,"green":50}""");
        request.Headers.Authorization = authorization is null ? null : AuthenticationHeaderValue.Parse(authorization);

        await ExpectAsync(request, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    public async Task Read_WithoutAValidToken_Returns401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/state");
        request.Headers.Authorization = authorization is null ? null : AuthenticationHeaderValue.Parse(authorization);

        await ExpectAsync(request, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("PUT", "/api/v1/weights", """{"blue":50,"green":50}""")]
    [InlineData("POST", "/api/v1/switch", """{"to":"green"}""")]
    [InlineData("POST", "/api/v1/rollback", "")]
    public async Task Write_WithViewerToken_Returns403(string method, string path, string body)
    {
        using var request = Request(new HttpMethod(method), path, body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyUnderTest.ViewerToken);

        await ExpectAsync(request, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Read_WithViewerToken_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/state");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyUnderTest.ViewerToken);
        using var response = await SendWithoutDefaultTokenAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PutWeights_StaleIfMatch_Returns412()
    {
        var version = await Proxy.GetVersionAsync();
        using var request = Request(HttpMethod.Put, "/api/v1/weights", """{"blue":50,"green":50}""");
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version - 1}\"");

        await ExpectAsync(request, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task PutWeights_MalformedIfMatch_Returns400()
    {
        using var request = Request(HttpMethod.Put, "/api/v1/weights", """{"blue":50,"green":50}""");
        request.Headers.TryAddWithoutValidation("If-Match", "not-an-etag");

        await ExpectAsync(request, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PutWeights_CurrentIfMatch_AppliesAndReturnsTheNewETag()
    {
        using var state = await Proxy.Admin.GetAsync("/api/v1/state");
        var etag = state.Headers.ETag!.Tag;
        using var request = Request(HttpMethod.Put, "/api/v1/weights", """{"blue":99.99,"green":0.01}""");
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await Proxy.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = long.Parse(etag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"\"{version + 1}\"", response.Headers.ETag!.Tag);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0.01m, document.GetProperty("weights").GetProperty("green").GetDecimal());
        Assert.Equal(version + 1, document.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemJson()
    {
        using var response = await Proxy.Admin.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A request with a JSON body and the operator token, which a test may replace or remove.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string path, string body) => new(method, path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ProxyUnderTest.OperatorToken) },
    };

    private async Task<JsonElement> SendAndExpectAsync(HttpMethod method, string path, string body, HttpStatusCode expected)
    {
        using var request = Request(method, path, body);
        return await ExpectAsync(request, expected);
    }

    /// <summary>Sends, checks the status and problem+json, and checks that the version did not move.</summary>
    private async Task<JsonElement> ExpectAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        var before = await Proxy.GetStateAsync();
        using var response = await SendWithoutDefaultTokenAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());

        var after = await Proxy.GetStateAsync();
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(before.GetProperty("weights").ToString(), after.GetProperty("weights").ToString());
        Assert.Equal("blue", await Proxy.GetPoolAsync("/", r => r.Headers.Add("X-BlueGreen-Pool", "blue")));
        return problem;
    }

    private async Task<HttpResponseMessage> SendWithoutDefaultTokenAsync(HttpRequestMessage request)
    {
        using var client = new HttpClient { BaseAddress = Proxy.AdminAddress };
        return await client.SendAsync(request);
    }
}
