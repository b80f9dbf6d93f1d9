using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Tls;

/// <summary>
/// TLS at the edge, with real clients: HTTP/1.1 and HTTP/2 chosen by ALPN on https:// listeners, no HTTP/2 over cleartext,
/// PEM and PFX certificates, a certificate renewed on disk served to new handshakes without a restart, and the admin
/// plane on HTTPS with a certificate of its own.
/// </summary>
public sealed class HttpsListenerTests : IAsyncLifetime
{
    // Probes are not what these tests look at: on a loaded machine one that times out would turn a request into a 503.
    private const string NoProbes = "--BlueGreen:Health:Active:Enabled=false";

    private readonly TemporaryDirectory _temp = new();
    private readonly X509Certificate2 _certificate = TestCertificates.Create("data-plane");
    private TestBackend _blue = null!;
    private TestBackend _green = null!;

    public async Task InitializeAsync()
    {
        _blue = await TestBackend.StartAsync("blue");
        _green = await TestBackend.StartAsync("green");
    }

    public async Task DisposeAsync()
    {
        await _green.DisposeAsync();
        await _blue.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Https_ClientAskingForAVersion_GetsThatVersionByAlpnFromItsPool(string version)
    {
        await using var proxy = await StartWithPemAsync(_certificate);
        var seen = new List<string>();
        using var client = Client(proxy, TestCertificates.TrustingHandler([_certificate], seen));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/headers")
        {
            Version = Version.Parse(version),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Equal("blue", response.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Equal("blue", response.Headers.GetValues("X-Backend").Single());
        var forwarded = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal("https", forwarded!["x-forwarded-proto"]);
        Assert.Equal([_certificate.Thumbprint], seen);
    }

    [Fact]
    public async Task Https_Http2Client_FollowsTheWeightsAndOverrideLikeAnyOther()
    {
        await using var proxy = await StartWithPemAsync(_certificate);
        await proxy.SetWeightsAsync(0, 100);
        using var client = Client(proxy, TestCertificates.TrustingHandler([_certificate]));
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var toGreen = await client.GetAsync("/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "X-BlueGreen-Pool", "blue" } } };
        using var toBlue = await client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, toGreen.Version);
        Assert.Equal("green", toGreen.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Equal("blue", toBlue.Headers.GetValues("X-BlueGreen-Pool").Single());
    }

    [Fact]
    public async Task Http_PriorKnowledgeHttp2_IsNotOfferedButHttp11Is()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(_blue, _green, _temp.File("state.json"), NoProbes);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => proxy.Client.SendAsync(request));
        using var http11 = await proxy.Client.GetAsync("/");
        Assert.Equal(HttpVersion.Version11, http11.Version);
        Assert.Equal(HttpStatusCode.OK, http11.StatusCode);
    }

    [Fact]
    public async Task Https_PfxCertificateWithPassword_IsServed()
    {
        var pfx = TestCertificates.Create("pfx", rsa: true);
        TestCertificates.WritePfx(pfx, _temp.File("server.pfx"), "s3cret");
        await using var proxy = await ProxyUnderTest.StartAsync(
            _blue,
            _green,
            _temp.File("state.json"),
            NoProbes,
            "--BlueGreen:Listen:Proxy=https://127.0.0.1:0",
            $"--BlueGreen:Tls:CertificatePath={_temp.File("server.pfx")}",
            "--BlueGreen:Tls:Password=s3cret");
        var seen = new List<string>();
        using var client = Client(proxy, TestCertificates.TrustingHandler([pfx], seen));

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([pfx.Thumbprint], seen);
    }

    [Fact]
    public async Task Https_CertificateFilesReplaced_NewHandshakesGetTheNewOneOpenConnectionsKeepWorkingNoRequestFails()
    {
        await using var proxy = await StartWithPemAsync(_certificate);
        var renewed = TestCertificates.Create("data-plane-renewed");
        var openSeen = new List<string>();
        using var open = Client(proxy, TestCertificates.TrustingHandler([_certificate], openSeen));
        open.DefaultRequestVersion = HttpVersion.Version20;
        open.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        (await open.GetAsync("/")).EnsureSuccessStatusCode();

        // Written in place, the certificate first and then the key, as a careless renewal script would.
        TestCertificates.WritePem(renewed, _temp.File("tls.crt"), _temp.File("tls.key"));
        var failures = new List<string>();
        var handshakes = new List<string>();
        var afterSwitch = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (afterSwitch < 20 && !deadline.IsCancellationRequested)
        {
            // A new client each time: a new connection, so a new handshake.
            var seen = new List<string>();
            using var client = Client(proxy, TestCertificates.TrustingHandler([_certificate, renewed], seen));
            try
            {
                using var response = await client.GetAsync("/");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"status {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add(ex.Message);
            }

            handshakes.AddRange(seen);
            afterSwitch += seen.Contains(renewed.Thumbprint) ? 1 : 0;
        }

        Assert.Empty(failures);
        Assert.Equal(20, afterSwitch);
        var firstRenewed = handshakes.IndexOf(renewed.Thumbprint);
        Assert.All(handshakes.Skip(firstRenewed), thumbprint => Assert.Equal(renewed.Thumbprint, thumbprint));

        // The connection opened before the renewal still answers, on its first handshake.
        using var later = await open.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal([_certificate.Thumbprint], openSeen);
    }

    [Fact]
    public async Task AdminHttps_ServesTheApiWithItsOwnCertificateWhileTheDataPlaneStaysHttp()
    {
        var admin = TestCertificates.Create("admin-plane");
        TestCertificates.WritePem(admin, _temp.File("admin.crt"), _temp.File("admin.key"));
        await using var proxy = await ProxyUnderTest.StartAsync(
            _blue,
            _green,
            _temp.File("state.json"),
            NoProbes,
            "--BlueGreen:Listen:Admin=https://127.0.0.1:0",
            $"--BlueGreen:Admin:Tls:CertificatePath={_temp.File("admin.crt")}",
            $"--BlueGreen:Admin:Tls:KeyPath={_temp.File("admin.key")}");
        var seen = new List<string>();
        using var client = new HttpClient(TestCertificates.TrustingHandler([admin], seen)) { BaseAddress = new Uri(proxy.App.AdminUrls[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyUnderTest.OperatorToken);

        var state = await client.GetFromJsonAsync<JsonElement>("/api/v1/state");
        using var data = await proxy.Client.GetAsync("/");

        Assert.StartsWith("https://", proxy.App.AdminUrls[0], StringComparison.Ordinal);
        Assert.Equal("blue", state.GetProperty("stable").GetString());
        Assert.Equal([admin.Thumbprint], seen);
        Assert.StartsWith("http://", proxy.App.ProxyUrls[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
    }

    private Task<ProxyUnderTest> StartWithPemAsync(X509Certificate2 certificate)
    {
        TestCertificates.WritePem(certificate, _temp.File("tls.crt"), _temp.File("tls.key"));
        return ProxyUnderTest.StartAsync(
            _blue,
            _green,
            _temp.File("state.json"),
            NoProbes,
            "--BlueGreen:Listen:Proxy=https://127.0.0.1:0",
            $"--BlueGreen:Tls:CertificatePath={_temp.File("tls.crt")}",
            $"--BlueGreen:Tls:KeyPath={_temp.File("tls.key")}");
    }

    private static HttpClient Client(ProxyUnderTest proxy, HttpMessageHandler handler) =>
        new(handler) { BaseAddress = new Uri(proxy.App.ProxyUrls[0]) };
}
