using System.Net.Security;
using BlueGreen.Proxy.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace BlueGreen.Proxy.Tls;

/// <summary>
/// The certificate a plane's HTTPS listeners serve, swapped when its files change: every new handshake takes the one in
/// force, and connections already open keep the one they shook hands with. Files that cannot be used leave the last
/// good certificate in place.
/// </summary>
internal sealed class ServerCertificate
{
    private volatile LoadedCertificate _current;

    // Files that failed once: a tool that writes the certificate and then the key is caught between the two, so a
    // failure is reported only when the same files fail on the next look too, and then only once.
    private CertificateFiles? _failedFiles;
    private string? _failedProblem;
    private bool _reported;

    private ServerCertificate(TlsSection section, LoadedCertificate current)
    {
        Section = section;
        _current = current;
    }

    public TlsSection Section { get; }

    /// <summary>The certificate new handshakes get.</summary>
    public LoadedCertificate Current => _current;

    /// <summary>Loads the plane's certificate at start-up.</summary>
    /// <exception cref="InvalidConfigurationException">The files cannot be used (they changed since the configuration was checked).</exception>
    public static ServerCertificate Load(TlsSection section, DateTimeOffset now)
    {
        var problems = new List<CertificateProblem>();
        var loaded = ServerCertificateLoader.Load(section, now, problems);
        return loaded is null
            ? throw new InvalidConfigurationException([.. problems.Select(p => p.ToString())])
            : new ServerCertificate(section, loaded);
    }

    /// <summary>Kestrel's per-handshake callback: the certificate in force, its chain already built.</summary>
    public ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(new SslServerAuthenticationOptions { ServerCertificateContext = _current.Context });

    /// <summary>Reads the files and, when their contents changed and can be used, serves the new certificate.</summary>
    /// <remarks>Called by one <see cref="CertificateReloader"/> only, never concurrently.</remarks>
    public CertificateReload Reload(DateTimeOffset now)
    {
        var problems = new List<CertificateProblem>();
        var files = CertificateFiles.Read(Section, problems);
        if (files is not null && files.SameAs(_current.Files))
        {
            ForgetFailure();
            return CertificateReload.Unchanged;
        }

        if (files is not null && files.SameAs(_failedFiles))
        {
            return ReportFailureOnce();
        }

        var loaded = files is null ? null : ServerCertificateLoader.Load(Section, files, now, problems);
        if (loaded is not null)
        {
            // The certificate replaced is not disposed: a handshake that has just taken it may still be using it.
            _current = loaded;
            ForgetFailure();
            return CertificateReload.Reloaded(loaded);
        }

        var problem = string.Join("; ", problems);
        if (files is null && _failedFiles is null && problem == _failedProblem)
        {
            return ReportFailureOnce();
        }

        _failedFiles = files;
        _failedProblem = problem;
        _reported = false;
        return CertificateReload.Unchanged;
    }

    private CertificateReload ReportFailureOnce()
    {
        if (_reported)
        {
            return CertificateReload.Unchanged;
        }

        _reported = true;
        return CertificateReload.Rejected(_failedProblem!);
    }

    private void ForgetFailure()
    {
        _failedFiles = null;
        _failedProblem = null;
        _reported = false;
    }
}
