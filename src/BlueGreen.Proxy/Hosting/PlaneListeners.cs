using System.Net;
using BlueGreen.Proxy.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// Binds a plane's listen URLs as Kestrel endpoints, each knowing its scheme: <c>https://</c> serves the plane's
/// certificate (taken per handshake, so a renewed one needs no restart) with HTTP/1.1 and HTTP/2 by ALPN;
/// <c>http://</c> speaks HTTP/1.1 only, so HTTP/2 over cleartext (h2c) is never offered. Hosts bind as Kestrel binds
/// URLs: <c>localhost</c> on both loopbacks, an IP address on that address, <c>*</c>, <c>+</c> and names on all.
/// </summary>
internal static class PlaneListeners
{
    public static void Bind(KestrelServerOptions kestrel, string urls, ServerCertificate? certificate)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindOne(kestrel, url, certificate);
        }
    }

    /// <summary>Whether any of <paramref name="urls"/> is an <c>https://</c> URL.</summary>
    public static bool AnyHttps(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static void BindOne(KestrelServerOptions kestrel, string url, ServerCertificate? certificate)
    {
        // Kestrel's wildcard hosts are not valid URI hosts.
        var wildcard = url.Contains("://*:", StringComparison.Ordinal) || url.Contains("://+:", StringComparison.Ordinal);
        var uri = new Uri(wildcard ? url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal) : url);
        var https = uri.Scheme == Uri.UriSchemeHttps;
        if (https && certificate is null)
        {
            // The options validator asks for a certificate wherever a plane listens on https://.
            throw new InvalidOperationException($"{url} is https:// but the plane has no certificate.");
        }

        void Configure(ListenOptions listen)
        {
            if (https)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = certificate!.SelectAsync });
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1;
            }
        }

        if (wildcard)
        {
            kestrel.ListenAnyIP(uri.Port, Configure);
        }
        else if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
        }
        else if (IPAddress.TryParse(uri.DnsSafeHost, out var address))
        {
            kestrel.Listen(address, uri.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, Configure);
        }
    }
}
