using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace BlueGreen.Proxy.Tls;

/// <summary>
/// Turns a plane's certificate files into a certificate its listener can serve, or into problems that each name the key
/// to fix: a file that cannot be read, a PEM key that does not match its certificate, a wrong PFX password, a
/// certificate that has expired, is not valid yet or is not meant for servers.
/// </summary>
internal static class ServerCertificateLoader
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string EncryptedKeyLabel = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

    /// <summary>Reads the files and loads them.</summary>
    public static LoadedCertificate? Load(TlsSection section, DateTimeOffset now, List<CertificateProblem> problems) =>
        CertificateFiles.Read(section, problems) is { } files ? Load(section, files, now, problems) : null;

    /// <summary>Loads a certificate from file contents already read.</summary>
    public static LoadedCertificate? Load(TlsSection section, CertificateFiles files, DateTimeOffset now, List<CertificateProblem> problems)
    {
        var before = problems.Count;
        var (certificate, chain) = section.IsPem ? FromPem(section, files, now, problems) : FromPfx(section, files, now, problems);
        if (certificate is null || problems.Count > before)
        {
            certificate?.Dispose();
            return null;
        }

        // The chain is built here, once per load, not on every handshake; the intermediates come from the file.
        return new LoadedCertificate(certificate, SslStreamCertificateContext.Create(certificate, chain), files);
    }

    private static (X509Certificate2? Certificate, X509Certificate2Collection? Chain) FromPem(
        TlsSection section, CertificateFiles files, DateTimeOffset now, List<CertificateProblem> problems)
    {
        var path = section.Options.CertificatePath;
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(Encoding.UTF8.GetString(files.Certificate));
        }
        catch (CryptographicException ex)
        {
            problems.Add(new(section.CertificatePathKey, $"'{path}' is not a PEM certificate: {ex.Message}"));
            return default;
        }

        if (all.Count == 0)
        {
            problems.Add(new(section.CertificatePathKey, $"'{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)."));
            return default;
        }

        // The server's certificate comes first; whatever follows is its chain, sent along in the handshake.
        using var certificate = all[0];
        all.RemoveAt(0);

        // The certificate is checked whatever its key, so an expired certificate with a wrong key is two problems at once.
        Check(certificate, section, now, problems);
        return (WithPemKey(certificate, section, Encoding.UTF8.GetString(files.Key!), problems), all);
    }

    private static X509Certificate2? WithPemKey(X509Certificate2 certificate, TlsSection section, string pem, List<CertificateProblem> problems)
    {
        var keyPath = section.Options.KeyPath;
        var password = section.Options.Password;
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            problems.Add(new(section.KeyPathKey, $"'{keyPath}' holds no PEM private key (-----BEGIN PRIVATE KEY-----)."));
            return null;
        }

        var encrypted = pem.Contains(EncryptedKeyLabel, StringComparison.Ordinal);
        if (encrypted && password.Length == 0)
        {
            problems.Add(new(section.PasswordKey, $"the key in '{keyPath}' is encrypted; give its password."));
            return null;
        }

        using AsymmetricAlgorithm? key = certificate.GetKeyAlgorithm() switch
        {
            RsaOid => RSA.Create(),
            EcPublicKeyOid => ECDsa.Create(),
            _ => null,
        };
        if (key is null)
        {
            problems.Add(new(section.CertificatePathKey, $"the certificate in '{section.Options.CertificatePath}' has a key type other than RSA or ECDSA."));
            return null;
        }

        try
        {
            if (encrypted)
            {
                key.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                key.ImportFromPem(pem);
            }
        }
        catch (CryptographicException) when (encrypted)
        {
            problems.Add(new(section.PasswordKey, $"cannot decrypt the key in '{keyPath}' with the password given."));
            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            problems.Add(new(section.KeyPathKey, $"'{keyPath}' holds no private key of the certificate's type ({KeyType(key)}): {ex.Message}"));
            return null;
        }

        try
        {
            return key is RSA rsa ? certificate.CopyWithPrivateKey(rsa) : certificate.CopyWithPrivateKey((ECDsa)key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            problems.Add(new(section.KeyPathKey, $"the key in '{keyPath}' does not match the certificate in '{section.Options.CertificatePath}'."));
            return null;
        }
    }

    private static (X509Certificate2? Certificate, X509Certificate2Collection? Chain) FromPfx(
        TlsSection section, CertificateFiles files, DateTimeOffset now, List<CertificateProblem> problems)
    {
        var path = section.Options.CertificatePath;
        if (X509Certificate2.GetCertContentType(files.Certificate) != X509ContentType.Pkcs12)
        {
            problems.Add(new(
                section.CertificatePathKey,
                $"'{path}' is not a PFX (PKCS#12) file; for a PEM certificate give its key file in {section.KeyPathKey}."));
            return default;
        }

        X509Certificate2Collection all;
        try
        {
            var password = section.Options.Password;
            all = X509CertificateLoader.LoadPkcs12Collection(files.Certificate, password.Length == 0 ? null : password);
        }
        catch (CryptographicException ex)
        {
            problems.Add(new(
                section.PasswordKey,
                section.Options.Password.Length == 0
                    ? $"'{path}' cannot be opened without a password ({ex.Message}); give it."
                    : $"cannot open '{path}' with the password given ({ex.Message})."));
            return default;
        }

        var certificate = all.FirstOrDefault(c => c.HasPrivateKey);
        if (certificate is null)
        {
            problems.Add(new(section.CertificatePathKey, $"'{path}' holds no certificate with its private key."));
            return default;
        }

        all.Remove(certificate);
        Check(certificate, section, now, problems);
        return (certificate, all);
    }

    private static void Check(X509Certificate2 certificate, TlsSection section, DateTimeOffset now, List<CertificateProblem> problems)
    {
        var path = section.Options.CertificatePath;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        if (notAfter < now)
        {
            problems.Add(new(section.CertificatePathKey, $"the certificate in '{path}' ({certificate.Subject}) expired on {Utc(notAfter)}."));
        }
        else if (notBefore > now)
        {
            problems.Add(new(section.CertificatePathKey, $"the certificate in '{path}' ({certificate.Subject}) is not valid before {Utc(notBefore)}."));
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).ToList();
        if (usages.Count > 0 && !usages.Exists(usage => usage.Value == ServerAuthenticationOid))
        {
            problems.Add(new(
                section.CertificatePathKey,
                $"the certificate in '{path}' ({certificate.Subject}) is not for servers: its extended key usage lacks serverAuth ({ServerAuthenticationOid})."));
        }
    }

    private static string KeyType(AsymmetricAlgorithm key) => key is RSA ? "RSA" : "ECDSA";

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
}
