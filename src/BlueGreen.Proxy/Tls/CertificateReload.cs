namespace BlueGreen.Proxy.Tls;

/// <summary>What one look at a certificate's files found: nothing to do, a new certificate in force, or files that cannot be used.</summary>
internal sealed record CertificateReload(LoadedCertificate? Loaded, string? Problem)
{
    public static CertificateReload Unchanged { get; } = new(null, null);

    public static CertificateReload Reloaded(LoadedCertificate loaded) => new(loaded, null);

    public static CertificateReload Rejected(string problem) => new(null, problem);
}
