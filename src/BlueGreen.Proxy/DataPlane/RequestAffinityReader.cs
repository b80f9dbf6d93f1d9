using System.Net;
using System.Runtime.InteropServices;
using BlueGreen.Core.Routing;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Reads a request's affinity (override header or cookie, sticky cookie, header or client address) as spans over
/// its own header strings, issues the sticky cookie to a new user, and hands the affinity to
/// <see cref="PoolSelector"/>, where the split is decided. Allocates only when it issues a new sticky cookie.
/// </summary>
internal static class RequestAffinityReader
{
    // A sticky id lives as long as a canary might: 30 days.
    private const string StickyCookieAttributes = "; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax";

    /// <summary>
    /// Reads the affinity of one request and returns the pool <see cref="PoolSelector"/> chose; <paramref name="cookieCache"/> is its connection's, so a keep-alive
    /// connection's unchanged Cookie header is scanned once, not per request.
    /// </summary>
    public static Pool SelectPool(HttpContext context, RoutingSnapshot snapshot, CookieValueCache cookieCache)
    {
        var policy = snapshot.Policy;
        var headers = context.Request.Headers;
        var cookies = headers.Cookie;

        ReadOnlySpan<char> overrideCookie = default;
        ReadOnlySpan<char> stickyCookie = default;
        int? knownBucket = null;
        var stickyByCookie = policy.Stickiness == StickinessMode.Cookie;
        if (cookies.Count == 1 && (stickyByCookie || policy.OverrideEnabled))
        {
            // The usual case: one Cookie header (HTTP/1.1 sends exactly one), read through the connection's cache.
            cookieCache.Read(
                cookies[0]!,
                policy.OverrideEnabled ? RoutingPolicy.OverrideCookie : null,
                stickyByCookie ? policy.StickinessName : null,
                out overrideCookie,
                out stickyCookie,
                out knownBucket);
        }
        else if (cookies.Count > 1)
        {
            if (policy.OverrideEnabled)
            {
                TryGetCookie(cookies, RoutingPolicy.OverrideCookie, out overrideCookie);
            }

            if (stickyByCookie)
            {
                TryGetCookie(cookies, policy.StickinessName, out stickyCookie);
            }
        }

        ReadOnlySpan<char> overrideHeader = policy.OverrideEnabled ? headers[RoutingPolicy.OverrideHeader].ToString() : default;
        Span<byte> addressBytes = stackalloc byte[16];
        scoped ReadOnlySpan<byte> stickyKey = default;
        switch (policy.Stickiness)
        {
            case StickinessMode.Cookie:
                var id = stickyCookie;
                if (id.IsEmpty)
                {
                    id = IssueStickyCookie(context.Response, policy.StickinessName);
                    knownBucket = null;
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

        var affinity = new RequestAffinity
        {
            OverrideHeader = overrideHeader,
            OverrideCookie = overrideCookie,
            StickyKey = stickyKey,
            KnownStickyBucket = stickyByCookie ? knownBucket : null,
        };
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
