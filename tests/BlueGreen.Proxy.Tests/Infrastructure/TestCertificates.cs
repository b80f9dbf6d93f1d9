using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Self-signed certificates made in code for 127.0.0.1 and localhost, written as PEM or PFX files.</summary>
internal static class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>A server certificate valid from a day ago for 30 days unless told otherwise; ECDSA unless <paramref name="rsa"/>.</summary>
    public static X509Certificate2 Create(
        string name = "bluegreen-test",
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        bool forServers = true,
        bool rsa = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsaKey
            ? new CertificateRequest($"CN={name}", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={name}", (ECDsa)key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(forServers ? ServerAuthentication : ClientAuthentication)], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
    }

    /// <summary>Writes the certificate and its unencrypted PKCS#8 key (or, with a password, its encrypted key) as PEM files.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string keyPath, string? password = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()!;
        File.WriteAllText(
            keyPath,
            password is null
                ? key.ExportPkcs8PrivateKeyPem()
                : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
    }

    public static void WritePfx(X509Certificate2 certificate, string path, string password) =>
        File.WriteAllBytes(path, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));

    /// <summary>
    /// A handler that trusts exactly the given certificates and records the thumbprint of every certificate a server
    /// presented, one per TLS handshake.
    /// </summary>
    public static SocketsHttpHandler TrustingHandler(IEnumerable<X509Certificate2> trusted, List<string>? seen = null)
    {
        var thumbprints = trusted.Select(c => c.Thumbprint).ToHashSet(StringComparer.Ordinal);
        return new SocketsHttpHandler
        {
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    var thumbprint = certificate?.GetCertHashString() ?? "";
                    if (seen is not null)
                    {
                        lock (seen)
                        {
                            seen.Add(thumbprint);
                        }
                    }

                    return thumbprints.Contains(thumbprint);
                },
            },
        };
    }
}
