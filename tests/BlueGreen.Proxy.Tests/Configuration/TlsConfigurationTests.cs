using System.Security.Cryptography.X509Certificates;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace BlueGreen.Proxy.Tests.Configuration;

/// <summary>
/// The edge's keys at start-up: every certificate problem (no certificate for an https:// listener, a file that cannot be
/// read, an expired certificate, a key that does not match, a wrong password) is one line naming the key to fix, all at
/// once; and the per-pool HTTP version and certificate checks towards destinations.
/// </summary>
public sealed class TlsConfigurationTests : IDisposable
{
    private const string Destination = "BlueGreen:Pools:blue:Destinations:b1";
    private const string HttpsProxy = "https://127.0.0.1:8443";

    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_HttpsListenerWithoutCertificate_NamesTheCertificateKeyAndTheListener()
    {
        var problem = Assert.Single(LoadProblems(("BlueGreen:Listen:Proxy", $"http://127.0.0.1:8080;{HttpsProxy}")));

        Assert.Equal(
            $"BlueGreen:Tls:CertificatePath: the data plane listens on {HttpsProxy} (BlueGreen:Listen:Proxy) and needs a certificate: " +
            "a PEM file with its key file in BlueGreen:Tls:KeyPath, or a PFX file with its password in BlueGreen:Tls:Password.",
            problem);
    }

    [Fact]
    public void Load_HttpsAdminListenerWithoutCertificate_NamesTheAdminCertificateKey()
    {
        var problem = Assert.Single(LoadProblems(("BlueGreen:Listen:Admin", "https://127.0.0.1:8444")));

        Assert.StartsWith("BlueGreen:Admin:Tls:CertificatePath: the admin plane listens on https://127.0.0.1:8444 (BlueGreen:Listen:Admin)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyWithoutCertificate_NamesTheCertificateKey()
    {
        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:KeyPath", _temp.File("key.pem"))));

        Assert.Equal("BlueGreen:Tls:CertificatePath: must name the certificate file when BlueGreen:Tls:KeyPath or BlueGreen:Tls:Password is given.", problem);
    }

    [Fact]
    public void Load_PemPair_Loads()
    {
        var (certificate, key) = WritePem(TestCertificates.Create());

        var options = BlueGreenOptionsLoader.Load(Configuration(
            ("BlueGreen:Listen:Proxy", HttpsProxy), ("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key)));

        Assert.Equal(certificate, options.Tls.CertificatePath);
        Assert.Equal(key, options.Tls.KeyPath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_PemKeyInItsAlgorithmsOwnFormat_Loads(bool rsa)
    {
        using var certificate = TestCertificates.Create(rsa: rsa);
        var (certificatePath, keyPath) = WritePem(certificate);
        File.WriteAllText(keyPath, rsa ? certificate.GetRSAPrivateKey()!.ExportRSAPrivateKeyPem() : certificate.GetECDsaPrivateKey()!.ExportECPrivateKeyPem());

        var options = BlueGreenOptionsLoader.Load(Configuration(
            ("BlueGreen:Listen:Proxy", HttpsProxy), ("BlueGreen:Tls:CertificatePath", certificatePath), ("BlueGreen:Tls:KeyPath", keyPath)));

        Assert.Equal(keyPath, options.Tls.KeyPath);
        Assert.Contains(rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----", File.ReadAllText(keyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedPemKeyWithItsPassword_Loads()
    {
        var (certificate, key) = WritePem(TestCertificates.Create(rsa: true), password: "s3cret");

        var options = BlueGreenOptionsLoader.Load(Configuration(
            ("BlueGreen:Listen:Proxy", HttpsProxy), ("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key),
            ("BlueGreen:Tls:Password", "s3cret")));

        Assert.Equal("s3cret", options.Tls.Password);
    }

    [Fact]
    public void Load_EncryptedPemKeyWithoutPassword_NamesThePasswordKey()
    {
        var (certificate, key) = WritePem(TestCertificates.Create(), password: "s3cret");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key)));

        Assert.Equal($"BlueGreen:Tls:Password: the key in '{key}' is encrypted; give its password.", problem);
    }

    [Fact]
    public void Load_PfxWithItsPassword_Loads()
    {
        var pfx = _temp.File("server.pfx");
        TestCertificates.WritePfx(TestCertificates.Create(rsa: true), pfx, "s3cret");

        var options = BlueGreenOptionsLoader.Load(Configuration(
            ("BlueGreen:Listen:Proxy", HttpsProxy), ("BlueGreen:Tls:CertificatePath", pfx), ("BlueGreen:Tls:Password", "s3cret")));

        Assert.Equal(pfx, options.Tls.CertificatePath);
    }

    [Theory]
    [InlineData("wrong", "cannot open")]
    [InlineData("", "cannot be opened without a password")]
    public void Load_PfxWithAWrongOrNoPassword_NamesThePasswordKey(string password, string expected)
    {
        var pfx = _temp.File("server.pfx");
        TestCertificates.WritePfx(TestCertificates.Create(), pfx, "s3cret");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", pfx), ("BlueGreen:Tls:Password", password)));

        Assert.StartsWith($"BlueGreen:Tls:Password: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains(pfx, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PemCertificateWithoutKeyPath_SaysItIsNotAPfxAndNamesTheKeyPath()
    {
        var (certificate, _) = WritePem(TestCertificates.Create());

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate)));

        Assert.Equal(
            $"BlueGreen:Tls:CertificatePath: '{certificate}' is not a PFX (PKCS#12) file; for a PEM certificate give its key file in BlueGreen:Tls:KeyPath.",
            problem);
    }

    [Fact]
    public void Load_MissingCertificateFile_NamesTheCertificateKeyAndThePath()
    {
        var (_, key) = WritePem(TestCertificates.Create());
        var missing = _temp.File("missing.pem");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", missing), ("BlueGreen:Tls:KeyPath", key)));

        Assert.StartsWith($"BlueGreen:Tls:CertificatePath: cannot read '{missing}': ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingKeyFile_NamesTheKeyPathKey()
    {
        var (certificate, _) = WritePem(TestCertificates.Create());
        var missing = _temp.File("missing-key.pem");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", missing)));

        Assert.StartsWith($"BlueGreen:Tls:KeyPath: cannot read '{missing}': ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyFileWithoutAPrivateKey_NamesTheKeyPathKey()
    {
        var (certificate, key) = WritePem(TestCertificates.Create());
        File.WriteAllText(key, File.ReadAllText(certificate));

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key)));

        Assert.Equal($"BlueGreen:Tls:KeyPath: '{key}' holds no PEM private key (-----BEGIN PRIVATE KEY-----).", problem);
    }

    [Fact]
    public void Load_KeyOfAnotherType_NamesTheKeyPathKey()
    {
        var (certificate, _) = WritePem(TestCertificates.Create(), "server");
        var (_, rsaKey) = WritePem(TestCertificates.Create(rsa: true), "other");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", rsaKey)));

        Assert.StartsWith($"BlueGreen:Tls:KeyPath: '{rsaKey}' holds no private key of the certificate's type (ECDSA)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificateOfTheSameType_SaysTheyDoNotMatch()
    {
        var (certificate, _) = WritePem(TestCertificates.Create(), "server");
        var (_, otherKey) = WritePem(TestCertificates.Create(), "other");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", otherKey)));

        Assert.Equal($"BlueGreen:Tls:KeyPath: the key in '{otherKey}' does not match the certificate in '{certificate}'.", problem);
    }

    [Fact]
    public void Load_ExpiredCertificate_SaysWhenItExpired()
    {
        var expiry = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var (certificate, key) = WritePem(TestCertificates.Create(notBefore: expiry.AddDays(-90), notAfter: expiry));

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key)));

        Assert.Equal($"BlueGreen:Tls:CertificatePath: the certificate in '{certificate}' (CN=bluegreen-test) expired on 2024-03-01 12:00:00Z.", problem);
    }

    [Fact]
    public void Load_CertificateNotValidYet_SaysFromWhen()
    {
        var (certificate, key) = WritePem(TestCertificates.Create(notBefore: DateTimeOffset.UtcNow.AddDays(2), notAfter: DateTimeOffset.UtcNow.AddDays(30)));

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key)));

        Assert.StartsWith($"BlueGreen:Tls:CertificatePath: the certificate in '{certificate}' (CN=bluegreen-test) is not valid before ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClientCertificate_SaysItIsNotForServers()
    {
        var (certificate, key) = WritePem(TestCertificates.Create(forServers: false));

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", certificate), ("BlueGreen:Tls:KeyPath", key)));

        Assert.Contains("is not for servers: its extended key usage lacks serverAuth", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CertificateGivenButNoHttpsListener_IsStillChecked()
    {
        var missing = _temp.File("missing.pfx");

        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertificatePath", missing)));

        Assert.StartsWith("BlueGreen:Tls:CertificatePath: cannot read", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EveryKindOfProblemOnBothPlanes_ReportsEachOnceAllAtOnce()
    {
        var (expired, expiredKey) = WritePem(TestCertificates.Create(notBefore: DateTimeOffset.UtcNow.AddDays(-60), notAfter: DateTimeOffset.UtcNow.AddDays(-1)), "expired");
        var pfx = _temp.File("admin.pfx");
        TestCertificates.WritePfx(TestCertificates.Create(), pfx, "right");

        var problems = LoadProblems(
            ("BlueGreen:Listen:Proxy", HttpsProxy),
            ("BlueGreen:Listen:Admin", "https://127.0.0.1:8444"),
            ("BlueGreen:Tls:CertificatePath", expired),
            ("BlueGreen:Tls:KeyPath", expiredKey),
            ("BlueGreen:Admin:Tls:CertificatePath", pfx),
            ("BlueGreen:Admin:Tls:Password", "wrong"),
            ("BlueGreen:Pools:blue:HttpVersion", "3"));

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Tls:CertificatePath: ", StringComparison.Ordinal) && p.Contains("expired", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Admin:Tls:Password: cannot open", StringComparison.Ordinal));
        Assert.Contains("BlueGreen:Pools:blue:HttpVersion: '3' is not valid; valid values: Auto, 1.1, 2", problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void Load_TypoUnderTls_IsAnUnknownKeyNamingTheKeysThere()
    {
        var problem = Assert.Single(LoadProblems(("BlueGreen:Tls:CertPath", "server.pem")));

        Assert.Equal("BlueGreen:Tls:CertPath: unknown key; the keys under BlueGreen:Tls are CertificatePath, KeyPath, Password.", problem);
    }

    [Theory]
    [InlineData("h2")]
    [InlineData("2.0")]
    [InlineData("HTTP/1.1")]
    [InlineData("")]
    public void Load_UnknownHttpVersion_NamesTheKeyAndTheValidValues(string version)
    {
        var problem = Assert.Single(LoadProblems(("BlueGreen:Pools:blue:HttpVersion", version)));

        Assert.Equal($"BlueGreen:Pools:blue:HttpVersion: '{version}' is not valid; valid values: Auto, 1.1, 2", problem);
    }

    [Fact]
    public void Load_DangerousFlagNotABool_NamesTheKey()
    {
        var problem = Assert.Single(LoadProblems(("BlueGreen:Pools:blue:DangerousAcceptAnyServerCertificate", "yes")));

        Assert.Equal("BlueGreen:Pools:blue:DangerousAcceptAnyServerCertificate: 'yes' is not valid; valid values: true, false", problem);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("auto", null, null)]
    [InlineData("1.1", "1.1", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("2", "2.0", HttpVersionPolicy.RequestVersionExact)]
    public void CreateClusters_HttpVersion_SetsTheClustersRequestVersion(string? configured, string? version, HttpVersionPolicy? policy)
    {
        var options = BlueGreenOptionsLoader.Load(Configuration(configured is null ? [] : [("BlueGreen:Pools:blue:HttpVersion", configured)]));

        var blue = ProxyConfigFactory.CreateClusters(options, ProxyConfigFactory.ConfiguredDestinations(options))
            .Single(c => c.ClusterId == PoolRoutes.RouteId(Pool.Blue));

        Assert.Equal(version, blue.HttpRequest?.Version?.ToString());
        Assert.Equal(policy, blue.HttpRequest?.VersionPolicy);
    }

    [Fact]
    public void CreateClusters_DangerousFlag_AcceptsAnyCertificateInThatPoolOnly()
    {
        var options = BlueGreenOptionsLoader.Load(Configuration(
            ("BlueGreen:Pools:green:Destinations:g1", "https://127.0.0.1:9443"),
            ("BlueGreen:Pools:green:DangerousAcceptAnyServerCertificate", "true")));

        var clusters = ProxyConfigFactory.CreateClusters(options, ProxyConfigFactory.ConfiguredDestinations(options));

        Assert.True(clusters.Single(c => c.ClusterId == PoolRoutes.RouteId(Pool.Green)).HttpClient?.DangerousAcceptAnyServerCertificate);
        Assert.Null(clusters.Single(c => c.ClusterId == PoolRoutes.RouteId(Pool.Blue)).HttpClient);
    }

    private (string Certificate, string Key) WritePem(X509Certificate2 certificate, string name = "server", string? password = null)
    {
        var paths = (_temp.File($"{name}.crt"), _temp.File($"{name}.key"));
        TestCertificates.WritePem(certificate, paths.Item1, paths.Item2, password);
        return paths;
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new(Destination, "http://127.0.0.1:9001"), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))])
            .Build();

    private static IReadOnlyList<string> LoadProblems(params (string Key, string? Value)[] settings) =>
        Assert.Throws<InvalidConfigurationException>(() => BlueGreenOptionsLoader.Load(Configuration(settings))).Problems;
}
