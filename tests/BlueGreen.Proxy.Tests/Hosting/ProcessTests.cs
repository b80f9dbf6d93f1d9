using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Hosting;

/// <summary>The real executable, as an operator starts it.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class ProcessTests
{
    [Fact]
    public async Task Demo_FromAFreshFolder_ServesBlueOn8080WithinTenSeconds()
    {
        using var temp = new TemporaryDirectory();
        var stopwatch = Stopwatch.StartNew();
        await using var process = ProxyProcess.Start(temp.Path, "--demo");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        HttpResponseMessage? response = null;
        while (response is null && stopwatch.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
        {
            try
            {
                response = await client.GetAsync("http://127.0.0.1:8080/hello");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(response is not null, $"no answer on 8080 within 10 s; output:\n{process.Output}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("blue", response.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Equal("""{"pool":"blue","path":"/hello"}""", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(temp.Path, "data", "admin.token")));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(temp.Path, "data", "admin.token")));
        Assert.Contains("http://127.0.0.1:8081", process.Output, StringComparison.Ordinal);
        Assert.Contains("admin.token", process.Output, StringComparison.Ordinal);
        response.Dispose();
    }

    [Fact]
    public async Task Start_PoolsOnCommandLineWithConfigFileInWorkingDirectory_ReadsNoFileAndServesOnlyThosePools()
    {
        using var temp = new TemporaryDirectory();
        Directory.CreateDirectory(temp.File("config"));
        await File.WriteAllTextAsync(
            temp.File("config/bluegreen.json"),
            """{ "BlueGreen": { "Pools": { "green": { "Destinations": { "from-file": "http://127.0.0.1:9" } } } } }""");
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=no-file-test",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001");
        var (_, admin) = await process.WaitForBannerAsync();
        using var client = new HttpClient { BaseAddress = admin };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "no-file-test");

        var pools = (await client.GetFromJsonAsync<JsonElement>("/api/v1/state")).GetProperty("pools");

        var blue = Assert.Single(pools.GetProperty("blue").GetProperty("destinations").EnumerateArray());
        Assert.Equal("b1", blue.GetProperty("id").GetString());
        Assert.Empty(pools.GetProperty("green").GetProperty("destinations").EnumerateArray());
        Assert.Contains("config file: none", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_AndRealRunFromOneFolder_KeepApartStates()
    {
        using var temp = new TemporaryDirectory();
        string[] common =
        [
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=state-test",
            "--BlueGreen:Health:Active:Enabled=false",
        ];

        await RunAsync(["--demo", .. common], async admin =>
        {
            Assert.Equal(100m, await GreenWeightAfterAsync(admin, 100));
        });
        Assert.True(File.Exists(temp.File("data/demo/state.json")), "the demo keeps its state in data/demo/state.json");
        Assert.False(File.Exists(temp.File("data/state.json")), "the demo must not write the real run's state");

        await RunAsync([.. common, "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001"], async admin =>
        {
            Assert.Equal(0m, await GreenWeightAfterAsync(admin, change: null));
            Assert.Equal(30m, await GreenWeightAfterAsync(admin, 30));
        });

        await RunAsync(["--demo", .. common], async admin =>
        {
            Assert.Equal(100m, await GreenWeightAfterAsync(admin, change: null));
        });

        async Task RunAsync(string[] args, Func<HttpClient, Task> act)
        {
            await using var process = ProxyProcess.Start(temp.Path, args);
            var (_, admin) = await process.WaitForBannerAsync();
            using var client = new HttpClient { BaseAddress = admin };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "state-test");
            await act(client);
            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [Theory]
    [InlineData(new[] { "--demo" }, "data/demo/state.json")]
    [InlineData(new[] { "--demo", "--BlueGreen:State:Path=elsewhere.json" }, "elsewhere.json")]
    [InlineData(new string[0], "data/state.json")]
    public async Task Create_DemoOrRealRun_UsesItsStatePath(string[] args, string expected)
    {
        await using var app = BlueGreenApplication.Create(
            ["--BlueGreen:Admin:Token=t", "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001", .. args]);

        Assert.Equal(expected, app.Options.State.Path);
    }

    [Fact]
    public async Task Start_WithInvalidConfiguration_ExitsWith2NamingEachKey()
    {
        using var temp = new TemporaryDirectory();
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Pools:blue:Destinations:b1=not-a-url",
            "--BlueGreen:Pools:purple:Destinations:p1=http://127.0.0.1:9",
            "--BlueGreen:InitialWeights:Blue=90");

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("BlueGreen:Pools:blue:Destinations:b1", process.Output, StringComparison.Ordinal);
        Assert.Contains("BlueGreen:Pools:purple", process.Output, StringComparison.Ordinal);
        Assert.Contains("BlueGreen:InitialWeights", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ThreeMistakesAndATypoedKey_ReportsAllFourOneLineEachAndExits2()
    {
        using var temp = new TemporaryDirectory();
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001",
            "--BlueGreen:Stickiness:Mode=Cookies",
            "--BlueGreen:Shutdown:Timeout=30s",
            "--BlueGreen:Pools:green:Destinations:g1=not-a-url",
            "--BlueGreen:Pools:blue:Destination:b2=http://127.0.0.1:9002");

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var problems = process.Output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("BlueGreen:", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(
            [
                "BlueGreen:Pools:blue:Destination: unknown key; the keys under BlueGreen:Pools:blue are Destinations, LoadBalancing, HashKey, SlowStart, BalanceFactor, HttpVersion, DangerousAcceptAnyServerCertificate.",
                "BlueGreen:Shutdown:Timeout: '30s' is not a duration; write hh:mm:ss, e.g. 00:00:05",
                "BlueGreen:Stickiness:Mode: 'Cookies' is not valid; valid values: None, Cookie, Header, ClientIp",
                "BlueGreen:Pools:green:Destinations:g1: 'not-a-url' is not an absolute http:// or https:// address.",
            ],
            problems);
    }

    [Fact]
    public async Task Start_HttpsListenerWithoutCertificate_ExitsWith2InOneLineWithoutAStackTrace()
    {
        using var temp = new TemporaryDirectory();
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001",
            "--BlueGreen:Listen:Proxy=https://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0");

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "BlueGreen cannot start: the configuration has problems.",
                "BlueGreen:Tls:CertificatePath: the data plane listens on https://127.0.0.1:0 (BlueGreen:Listen:Proxy) and needs a certificate: " +
                "a PEM file with its key file in BlueGreen:Tls:KeyPath, or a PFX file with its password in BlueGreen:Tls:Password.",
            ],
            lines);
    }

    [Fact]
    public async Task Start_CertificateProblemsOnBothPlanes_ReportsEachOneLineAndExits2()
    {
        using var temp = new TemporaryDirectory();
        TestCertificates.WritePem(
            TestCertificates.Create(notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: DateTimeOffset.UtcNow.AddDays(-1)),
            temp.File("expired.crt"),
            temp.File("expired.key"));
        TestCertificates.WritePem(TestCertificates.Create(), temp.File("other.crt"), temp.File("other.key"));
        TestCertificates.WritePfx(TestCertificates.Create(), temp.File("admin.pfx"), "right");
        await using var process = ProxyProcess.Start(
            temp.Path,
            "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001",
            "--BlueGreen:Listen:Proxy=https://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=https://127.0.0.1:0",
            "--BlueGreen:Tls:CertificatePath=expired.crt",
            "--BlueGreen:Tls:KeyPath=other.key",
            "--BlueGreen:Admin:Tls:CertificatePath=admin.pfx",
            "--BlueGreen:Admin:Tls:Password=wrong");

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var problems = process.Output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("BlueGreen:", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("BlueGreen:Tls:CertificatePath: the certificate in 'expired.crt' (CN=bluegreen-test) expired on ", problems[0], StringComparison.Ordinal);
        Assert.Equal("BlueGreen:Tls:KeyPath: the key in 'other.key' does not match the certificate in 'expired.crt'.", problems[1]);
        Assert.StartsWith("BlueGreen:Admin:Tls:Password: cannot open 'admin.pfx' with the password given", problems[2], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HttpsWithPemCertificate_BannerNamesTheHttpsAddressItServesHttp2AndTheDangerousFlagIsWarnedOf()
    {
        using var temp = new TemporaryDirectory();
        await using var backend = await TestBackend.StartAsync("blue");
        var certificate = TestCertificates.Create();
        TestCertificates.WritePem(certificate, temp.File("tls.crt"), temp.File("tls.key"));
        await using var process = ProxyProcess.Start(
            temp.Path,
            $"--BlueGreen:Pools:blue:Destinations:b1={backend.Address}",
            "--BlueGreen:Listen:Proxy=https://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            "--BlueGreen:Admin:Token=tls-test",
            "--BlueGreen:Health:Active:Enabled=false",
            "--BlueGreen:Tls:CertificatePath=tls.crt",
            "--BlueGreen:Tls:KeyPath=tls.key",
            "--BlueGreen:Pools:green:Destinations:g1=https://127.0.0.1:9",
            "--BlueGreen:Pools:green:DangerousAcceptAnyServerCertificate=true");
        var (data, _) = await process.WaitForBannerAsync();
        using var client = new HttpClient(TestCertificates.TrustingHandler([certificate]))
        {
            BaseAddress = data,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.GetAsync("/");

        Assert.Equal("https", data.Scheme);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("blue", response.Headers.GetValues("X-BlueGreen-Pool").Single());
        Assert.Contains("serves the TLS certificate CN=bluegreen-test", process.Output, StringComparison.Ordinal);
        Assert.Contains("Pool green accepts any certificate from its destinations", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Pool blue accepts", process.Output, StringComparison.Ordinal);
        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Start_WithoutAnyDestination_ExitsWith2()
    {
        using var temp = new TemporaryDirectory();
        await using var process = ProxyProcess.Start(temp.Path);

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("BlueGreen:Pools", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithDemoFlagBeforeOverrides_TakesTheFlagOutOfConfiguration()
    {
        using var temp = new TemporaryDirectory();
        await using var process = ProxyProcess.Start(temp.Path, "--config", "missing.json", "--demo");

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("missing.json", process.Output, StringComparison.Ordinal);
    }

    /// <summary>Sets green's weight (when <paramref name="change"/> is given) and returns green's weight in force.</summary>
    private static async Task<decimal> GreenWeightAfterAsync(HttpClient admin, decimal? change)
    {
        if (change is { } green)
        {
            using var response = await admin.PutAsJsonAsync("/api/v1/weights", new { blue = 100 - green, green });
            response.EnsureSuccessStatusCode();
        }

        var state = await admin.GetFromJsonAsync<JsonElement>("/api/v1/state");
        return state.GetProperty("weights").GetProperty("green").GetDecimal();
    }
}
