using System.Net;
using System.Runtime.InteropServices;
using BlueGreen.Core.Routing;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Reads what a request carries (override, sticky cookie, header or address) as spans over its own header
/// strings and asks <see cref="PoolSelector"/> for its pool. Allocates only when it issues a new sticky cookie.
/// </summary>
internal static class RequestPoolChooser
{
    // A sticky id lives as long as a canary might: 30 days.
    private const string StickyCookieAttributes = "; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax";

    public static Pool Choose(HttpContext context, RoutingSnapshot snapshot)
    {
        var policy = snapshot.Policy;
        var headers = context.Request.Headers;
        var cookies = headers.Cookie;

        ReadOnlySpan<char> overrideHeader = default;
        ReadOnlySpan<char> overrideCookie = default;
        if (policy.OverrideEnabled)
        {
            overrideHeader = headers[RoutingPolicy.OverrideHeader].ToString();
            TryGetCookie(cookies, RoutingPolicy.OverrideCookie, out overrideCookie);
        }

        Span<byte> addressBytes = stackalloc byte[16];
        scoped ReadOnlySpan<byte> stickyKey = default;
        switch (policy.Stickiness)
        {
            case StickinessMode.Cookie:
                if (!TryGetCookie(cookies, policy.StickinessName, out var id) || id.IsEmpty)
                {
                    id = IssueStickyCookie(context.Response, policy.StickinessName);
                }

                stickyKey = MemoryMarshal.AsBytes(id);
                break;
            case StickinessMode.Header:
                stickyKey = MemoryMarshal.AsBytes(headers[policy.StickinessName].ToString().AsSpan());
                break;
            case StickinessMode.ClientIp:
                if (context.Connection.RemoteIpAddress is IPAddress address && address.TryWriteBytes(addressBytes, out var written))
                {
                    stickyKey = addressBytes[..written];
                }

                break;
        }

        var affinity = new RequestAffinity { OverrideHeader = overrideHeader, OverrideCookie = overrideCookie, StickyKey = stickyKey };
        return PoolSelector.Select(snapshot, affinity);
    }

    private static bool TryGetCookie(StringValues cookieHeaders, string name, out ReadOnlySpan<char> value)
    {
        // HTTP/2 clients may send several Cookie headers; each is a list of its own.
        for (var i = 0; i < cookieHeaders.Count; i++)
        {
            if (CookieHeader.TryGetValue(cookieHeaders[i], name, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string IssueStickyCookie(HttpResponse response, string name)
    {
        var id = StickyId.Create();
        response.Headers.Append(HeaderNames.SetCookie, string.Concat(name, "=", id, StickyCookieAttributes));
        return id;
    }
}
