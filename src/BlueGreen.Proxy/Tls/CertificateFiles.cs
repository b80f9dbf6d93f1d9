namespace BlueGreen.Proxy.Tls;

/// <summary>
/// The bytes of a certificate's files as read at one moment. A reload compares contents, not timestamps: a Kubernetes
/// secret swapped through a symbolic link, or a copy that keeps the old modification time, is still seen.
/// </summary>
internal sealed class CertificateFiles
{
    private CertificateFiles(byte[] certificate, byte[]? key)
    {
        Certificate = certificate;
        Key = key;
    }

    /// <summary>The certificate file (PEM or PFX).</summary>
    public byte[] Certificate { get; }

    /// <summary>The PEM key file, or <see langword="null"/> for a PFX.</summary>
    public byte[]? Key { get; }

    /// <summary>Reads the files <paramref name="section"/> names; a file that cannot be read is a problem naming its key.</summary>
    public static CertificateFiles? Read(TlsSection section, List<CertificateProblem> problems)
    {
        var certificate = ReadFile(section.Options.CertificatePath, section.CertificatePathKey, problems);
        var key = section.IsPem ? ReadFile(section.Options.KeyPath, section.KeyPathKey, problems) : null;
        return certificate is null || (section.IsPem && key is null) ? null : new CertificateFiles(certificate, key);
    }

    public bool SameAs(CertificateFiles? other) =>
        other is not null &&
        Certificate.AsSpan().SequenceEqual(other.Certificate) &&
        (Key is null ? other.Key is null : other.Key is not null && Key.AsSpan().SequenceEqual(other.Key));

    private static byte[]? ReadFile(string path, string key, List<CertificateProblem> problems)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add(new CertificateProblem(key, $"cannot read '{path}': {ex.Message}"));
            return null;
        }
    }
}
