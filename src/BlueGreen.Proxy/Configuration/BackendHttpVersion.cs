using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Proxy.Configuration;

/// <summary>
/// The HTTP version a pool speaks to its destinations (<c>BlueGreen:Pools:{pool}:HttpVersion</c>): <c>Auto</c>, YARP's
/// default (HTTP/2 where the destination's TLS handshake offers it, else HTTP/1.1; always HTTP/1.1 to <c>http://</c>);
/// <c>1.1</c>, HTTP/1.1 only (as nginx's <c>proxy_http_version 1.1</c>); or <c>2</c>, HTTP/2 only, over cleartext
/// (h2c, prior knowledge) to <c>http://</c> destinations (as Envoy's <c>http2_protocol_options</c>, what gRPC backends need).
/// </summary>
internal static class BackendHttpVersion
{
    public const string Auto = "Auto";

    public const string ValidValues = "Auto, 1.1, 2";

    /// <summary>YARP's request settings for <paramref name="value"/>: <see langword="null"/> for <c>Auto</c>, which keeps YARP's default.</summary>
    public static bool TryParse(string value, out ForwarderRequestConfig? request)
    {
        request = null;
        switch (value.Trim())
        {
            case var auto when string.Equals(auto, Auto, StringComparison.OrdinalIgnoreCase):
                return true;
            case "1.1":
                request = new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                return true;
            case "2":
                request = new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                return true;
            default:
                return false;
        }
    }
}
