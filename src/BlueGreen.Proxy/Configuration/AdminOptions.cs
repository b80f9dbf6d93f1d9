namespace BlueGreen.Proxy.Configuration;

/// <summary>The admin plane's bearer tokens, and its certificate when it listens on HTTPS.</summary>
public sealed class AdminOptions
{
    /// <summary>The operator token; when empty one is generated and written to <see cref="TokenFile"/>.</summary>
    public string Token { get; set; } = "";

    /// <summary>An optional read-only token: GET routes only.</summary>
    public string ViewerToken { get; set; } = "";

    /// <summary>Where a generated operator token is written (mode 0600).</summary>
    public string TokenFile { get; set; } = "data/admin.token";

    /// <summary>The admin plane's certificate, for its <c>https://</c> listen URLs.</summary>
    public TlsOptions Tls { get; set; } = new();
}
