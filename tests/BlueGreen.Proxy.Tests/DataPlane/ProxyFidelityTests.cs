using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>As a proxy, BlueGreen changes nothing it should not. Pools come from the command line alone.</summary>
public sealed class ProxyFidelityTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _temp = new();
    private TestBackend _blue = null!;
    private ProxyUnderTest _proxy = null!;

    public async Task InitializeAsync()
    {
        _blue = await TestBackend.StartAsync("blue");
        _proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:b1={_blue.Address}",
            $"--BlueGreen:State:Path={_temp.File("state.json")}",
        ]);
        Assert.Null(_proxy.App.ConfigFile);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _blue.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Post_5MegabyteBody_ReachesTheBackendIntact()
    {
        var body = new byte[5 * 1024 * 1024];
        new Random(42).NextBytes(body);

        using var response = await _proxy.Client.PostAsync("/digest", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_StreamedResponse_ReachesTheClientChunkByChunk()
    {
        using var response = await _proxy.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];

        // The backend holds its second chunk until the first has reached the client through the proxy.
        var first = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("first;", Encoding.UTF8.GetString(buffer, 0, first));

        _blue.ReleaseStream();
        using var rest = new StreamReader(stream);
        Assert.Equal("second;", await rest.ReadToEndAsync());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(418)]
    [InlineData(503)]
    public async Task Get_BackendStatusCode_PassesThroughUnchanged(int code)
    {
        using var response = await _proxy.Client.GetAsync($"/status/{code}");

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal("blue", await response.Content.ReadAsStringAsync());
        Assert.Equal("blue", response.Headers.GetValues("X-BlueGreen-Pool").Single());
    }

    [Fact]
    public async Task Get_WithForwardedFor_AppendsTheClientAddress()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/headers");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await _proxy.Client.SendAsync(request);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("203.0.113.7, 127.0.0.1", headers["x-forwarded-for"]);
        Assert.Equal("http", headers["x-forwarded-proto"]);
        Assert.Equal(_proxy.Client.BaseAddress!.Authority, headers["x-forwarded-host"]);
    }

    [Fact]
    public async Task Get_WithoutForwardedFor_SendsTheClientAddress()
    {
        using var response = await _proxy.Client.GetAsync("/headers");
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("127.0.0.1", headers["x-forwarded-for"]);
    }

    [Fact]
    public async Task Get_WithTraceContext_ReachesTheBackendUnchanged()
    {
        // The W3C specification's own example: BlueGreen does not trace, so it neither re-parents nor drops the caller's span.
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        const string tracestate = "congo=t61rcWkgMzE";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/headers");
        request.Headers.Add("traceparent", traceparent);
        request.Headers.Add("tracestate", tracestate);
        using var response = await _proxy.Client.SendAsync(request);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(traceparent, headers["traceparent"]);
        Assert.Equal(tracestate, headers["tracestate"]);
    }

    [Fact]
    public async Task Get_WithoutTraceContext_ReachesTheBackendWithoutOne()
    {
        using var response = await _proxy.Client.GetAsync("/headers");
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("", headers["traceparent"]);
        Assert.Equal("", headers["tracestate"]);
    }

    [Fact]
    public async Task Get_AdminPathWithAdminHostHeader_DoesNotReachTheAdminPlane()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/state");
        request.Headers.Host = _proxy.AdminAddress.Authority;
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ProxyUnderTest.OperatorToken);
        using var response = await _proxy.Client.SendAsync(request);

        // The backend answered (it names itself); the admin plane would have answered with the state document.
        Assert.Equal("blue", await response.Content.ReadAsStringAsync());
        Assert.Equal("blue", response.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Equal("blue", response.Headers.GetValues("X-Backend").Single());
    }
}
