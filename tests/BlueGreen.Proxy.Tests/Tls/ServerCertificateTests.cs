using System.Security.Cryptography.X509Certificates;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Tests.Infrastructure;
using BlueGreen.Proxy.Tls;

namespace BlueGreen.Proxy.Tests.Tls;

/// <summary>
/// Reloading a plane's certificate from its files: new contents that can be used are served at once; contents that cannot
/// leave the last good certificate in force and are reported once, and only when the next look finds them too (a tool
/// writing the certificate and then the key is caught in between).
/// </summary>
public sealed class ServerCertificateTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly TlsSection _section;
    private readonly X509Certificate2 _first = TestCertificates.Create("first");

    public ServerCertificateTests()
    {
        _section = new TlsSection("data plane", "BlueGreen:Tls", new TlsOptions { CertificatePath = _temp.File("tls.crt"), KeyPath = _temp.File("tls.key") });
        TestCertificates.WritePem(_first, _section.Options.CertificatePath, _section.Options.KeyPath);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Reload_FilesUnchanged_KeepsTheCertificateAndReportsNothing()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);

        var reload = sut.Reload(DateTimeOffset.UtcNow);

        Assert.Same(CertificateReload.Unchanged, reload);
        Assert.Equal(_first.Thumbprint, sut.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void Reload_FilesRewrittenWithTheSameContents_ReportsNothing()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);
        var current = sut.Current;
        File.WriteAllBytes(_section.Options.CertificatePath, File.ReadAllBytes(_section.Options.CertificatePath));

        Assert.Same(CertificateReload.Unchanged, sut.Reload(DateTimeOffset.UtcNow));
        Assert.Same(current, sut.Current);
    }

    [Fact]
    public async Task Reload_NewCertificateAndKey_ServesTheNewOneAtOnce()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);
        var second = TestCertificates.Create("second");
        TestCertificates.WritePem(second, _section.Options.CertificatePath, _section.Options.KeyPath);

        var reload = sut.Reload(DateTimeOffset.UtcNow);

        Assert.Equal(second.Thumbprint, reload.Loaded?.Certificate.Thumbprint);
        Assert.Equal(second.Thumbprint, sut.Current.Certificate.Thumbprint);
        Assert.Same(sut.Current.Context, (await sut.SelectAsync(null!)).ServerCertificateContext);
    }

    [Fact]
    public void Reload_CertificateWrittenBeforeItsKey_KeepsTheOldOneSilentlyThenServesTheNewPair()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);
        var second = TestCertificates.Create("second");
        using var staging = new TemporaryDirectory();
        TestCertificates.WritePem(second, staging.File("tls.crt"), staging.File("tls.key"));

        File.Copy(staging.File("tls.crt"), _section.Options.CertificatePath, overwrite: true);
        var between = sut.Reload(DateTimeOffset.UtcNow);
        File.Copy(staging.File("tls.key"), _section.Options.KeyPath, overwrite: true);
        var after = sut.Reload(DateTimeOffset.UtcNow);

        Assert.Same(CertificateReload.Unchanged, between);
        Assert.Equal(second.Thumbprint, after.Loaded?.Certificate.Thumbprint);
    }

    [Fact]
    public void Reload_MismatchedFilesThatStay_ReportedOnceOnTheSecondLookAndTheOldCertificateServes()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);
        TestCertificates.WritePem(TestCertificates.Create("second"), _section.Options.CertificatePath, _temp.File("unused.key"));

        var looks = Enumerable.Range(0, 4).Select(_ => sut.Reload(DateTimeOffset.UtcNow)).ToList();

        Assert.Same(CertificateReload.Unchanged, looks[0]);
        Assert.Equal($"BlueGreen:Tls:KeyPath: the key in '{_section.Options.KeyPath}' does not match the certificate in '{_section.Options.CertificatePath}'.", looks[1].Problem);
        Assert.All(looks.Skip(2), look => Assert.Same(CertificateReload.Unchanged, look));
        Assert.Equal(_first.Thumbprint, sut.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void Reload_ExpiredCertificate_IsRefusedAndTheOldOneServes()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);
        TestCertificates.WritePem(
            TestCertificates.Create("expired", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)),
            _section.Options.CertificatePath,
            _section.Options.KeyPath);

        sut.Reload(DateTimeOffset.UtcNow);
        var reload = sut.Reload(DateTimeOffset.UtcNow);

        Assert.Contains("(CN=expired) expired on", reload.Problem, StringComparison.Ordinal);
        Assert.Equal(_first.Thumbprint, sut.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void Reload_FileGoneThenBack_ReportsTheGapOnceAndServesThroughout()
    {
        var sut = ServerCertificate.Load(_section, DateTimeOffset.UtcNow);
        var key = File.ReadAllBytes(_section.Options.KeyPath);
        File.Delete(_section.Options.KeyPath);

        var missing = Enumerable.Range(0, 3).Select(_ => sut.Reload(DateTimeOffset.UtcNow)).ToList();
        File.WriteAllBytes(_section.Options.KeyPath, key);
        var back = sut.Reload(DateTimeOffset.UtcNow);

        Assert.Null(missing[0].Problem);
        Assert.StartsWith($"BlueGreen:Tls:KeyPath: cannot read '{_section.Options.KeyPath}'", missing[1].Problem, StringComparison.Ordinal);
        Assert.Null(missing[2].Problem);
        Assert.Same(CertificateReload.Unchanged, back);
        Assert.Equal(_first.Thumbprint, sut.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void Load_FilesThatChangedSinceTheCheck_ThrowOneLinePerProblem()
    {
        File.Delete(_section.Options.CertificatePath);

        var exception = Assert.Throws<InvalidConfigurationException>(() => ServerCertificate.Load(_section, DateTimeOffset.UtcNow));

        Assert.StartsWith("BlueGreen:Tls:CertificatePath: cannot read", Assert.Single(exception.Problems), StringComparison.Ordinal);
    }
}
