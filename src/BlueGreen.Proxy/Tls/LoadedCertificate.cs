using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BlueGreen.Proxy.Tls;

/// <summary>A certificate ready to serve: with its private key, its chain built once, and the file contents it came from.</summary>
internal sealed record LoadedCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context, CertificateFiles Files)
{
    /// <summary>Subject, thumbprint and expiry, for the logs.</summary>
    public string Description =>
        $"{Certificate.Subject} (thumbprint {Certificate.Thumbprint}, valid until " +
        $"{Certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z)";
}
