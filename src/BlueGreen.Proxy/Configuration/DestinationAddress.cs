namespace BlueGreen.Proxy.Configuration;

/// <summary>The one rule for what a destination or listen address may be.</summary>
internal static class DestinationAddress
{
    /// <summary>Whether <paramref name="address"/> is an absolute http or https URI with a host.</summary>
    public static bool IsValid(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        uri.Host.Length > 0;
}
