namespace BlueGreen.Proxy.Configuration;

/// <summary>
/// A listen URL as Kestrel takes it (<c>http://127.0.0.1:8080</c>, also <c>http://*:8080</c> or <c>http://+:8080</c>),
/// and whether two of them would claim the same socket.
/// </summary>
internal sealed record ListenAddress(string Scheme, string Host, int Port)
{
    public static bool TryParse(string url, out ListenAddress address)
    {
        address = null!;

        // Kestrel's wildcard hosts are not valid URI hosts; parse them as "any address".
        var parsable = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            uri.Host.Length == 0 ||
            uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        address = new ListenAddress(uri.Scheme, uri.Host == "[::]" || uri.Host == "0.0.0.0" ? "*" : uri.Host.ToLowerInvariant(), uri.Port);
        return true;
    }

    /// <summary>
    /// Whether both would bind the same port on a shared address. Port 0 asks for a free port, so it never
    /// clashes; "any address" and <c>localhost</c> overlap every host.
    /// </summary>
    public bool ClashesWith(ListenAddress other) =>
        Port != 0 && Port == other.Port &&
        (Host == other.Host || IsWide(Host) || IsWide(other.Host));

    private static bool IsWide(string host) => host is "*" or "localhost";
}
