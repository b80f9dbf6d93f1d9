using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Hosting;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A whole BlueGreen (both planes) started in-process from command-line arguments, listening on 127.0.0.1 port 0,
/// with clients for the data plane (no cookie jar: tests set cookies themselves) and the admin plane.
/// </summary>
internal sealed class ProxyUnderTest : IAsyncDisposable
{
    public const string OperatorToken = "test-operator-token";
    public const string ViewerToken = "test-viewer-token";

    private ProxyUnderTest(BlueGreenApplication app)
    {
        App = app;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.ProxyUrls[0]),
        };
        Admin = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(app.AdminUrls[0]) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
    }

    public BlueGreenApplication App { get; }

    /// <summary>The data plane.</summary>
    public HttpClient Client { get; }

    /// <summary>The admin plane, with the operator token.</summary>
    public HttpClient Admin { get; }

    public Uri AdminAddress => Admin.BaseAddress!;

    /// <summary>Starts a proxy whose pools are the given backends (ids <c>blue-1</c>, <c>green-1</c>) and whose state lives at <paramref name="statePath"/>.</summary>
    public static Task<ProxyUnderTest> StartAsync(TestBackend blue, TestBackend green, string statePath, params string[] extraArgs) =>
        StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
            $"--BlueGreen:State:Path={statePath}",
            .. extraArgs,
        ]);

    /// <summary>Starts a proxy from raw arguments; listeners and tokens are added.</summary>
    public static async Task<ProxyUnderTest> StartAsync(IEnumerable<string> args)
    {
        var app = BlueGreenApplication.Create(
        [
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            $"--BlueGreen:Admin:Token={OperatorToken}",
            $"--BlueGreen:Admin:ViewerToken={ViewerToken}",
            .. args,
        ]);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ProxyUnderTest(app);
    }

    public async Task<HttpResponseMessage> SetWeightsAsync(decimal blue, decimal green)
    {
        var response = await Admin.PutAsJsonAsync("/api/v1/weights", new { blue, green });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    public async Task<JsonElement> GetStateAsync()
    {
        var response = await Admin.GetAsync("/api/v1/state");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<long> GetVersionAsync() => (await GetStateAsync()).GetProperty("version").GetInt64();

    /// <summary>Sends a GET and returns the pool that served it.</summary>
    public async Task<string> GetPoolAsync(string path = "/", Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-BlueGreen-Pool").Single();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
