using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Tls;

/// <summary>One plane's certificate keys and where they live in the configuration (<c>BlueGreen:Tls</c>, <c>BlueGreen:Admin:Tls</c>).</summary>
internal sealed record TlsSection(string Plane, string Key, TlsOptions Options)
{
    public static TlsSection DataPlane(BlueGreenOptions options) =>
        new("data plane", $"{BlueGreenOptions.SectionName}:Tls", options.Tls);

    public static TlsSection AdminPlane(BlueGreenOptions options) =>
        new("admin plane", $"{BlueGreenOptions.SectionName}:Admin:Tls", options.Admin.Tls);

    public string CertificatePathKey => $"{Key}:{nameof(TlsOptions.CertificatePath)}";

    public string KeyPathKey => $"{Key}:{nameof(TlsOptions.KeyPath)}";

    public string PasswordKey => $"{Key}:{nameof(TlsOptions.Password)}";

    /// <summary>A PEM pair when a key file is named, else a PFX file.</summary>
    public bool IsPem => Options.KeyPath.Length > 0;
}
