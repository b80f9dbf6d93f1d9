using Microsoft.AspNetCore.Http.Features;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Tells a request that asks to turn its connection into a tunnel (a WebSocket: an HTTP/1.1 <c>Upgrade</c>, or an
/// HTTP/2 extended <c>CONNECT</c>) from an ordinary one, as YARP's forwarder tells them apart.
/// </summary>
internal static class UpgradeRequests
{
    /// <summary>Whether the request asks for an upgrade (or an extended CONNECT), which YARP forwards as a tunnel.</summary>
    public static bool IsUpgrade(HttpContext context)
    {
        // Perf: an Upgrade header and the method settle an ordinary request without looking up a feature.
        var request = context.Request;
        if (request.Headers.Upgrade.Count != 0)
        {
            return context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
        }

        return HttpMethods.IsConnect(request.Method) && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
    }

    /// <summary>
    /// Whether a response about to start opens a tunnel: <c>101 Switching Protocols</c>, or a 2xx answer to a CONNECT.
    /// </summary>
    /// <remarks>Perf: the status code settles nearly every response; the method is compared by length first.</remarks>
    public static bool OpensTunnel(int statusCode, string method) =>
        statusCode == StatusCodes.Status101SwitchingProtocols ||
        (statusCode is >= 200 and < 300 && HttpMethods.IsConnect(method));
}
