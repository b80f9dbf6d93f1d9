namespace BlueGreen.Proxy.Configuration;

/// <summary>
/// A listener's certificate: a PEM certificate file with its PEM key file, or a PFX (PKCS#12) file with its password.
/// Reloaded when the files change, without a restart.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The PEM certificate (the server's first, then its intermediates), or a PFX file when <see cref="KeyPath"/> is empty.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key of the certificate; empty for a PFX file.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>The PFX file's password, or the password of an encrypted PEM key.</summary>
    public string Password { get; set; } = "";

    /// <summary>Whether any of the keys is given.</summary>
    internal bool IsGiven => CertificatePath.Length > 0 || KeyPath.Length > 0 || Password.Length > 0;
}
