using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>The state version as an entity tag (<c>"7"</c>, quoted as RFC 9110 says) and the <c>If-Match</c> precondition.</summary>
internal static class IfMatchHeader
{
    /// <summary>Formats <paramref name="version"/> as the state's ETag.</summary>
    public static string ETag(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// Reads <c>If-Match</c>: absent or <c>*</c> expects nothing; a strong quoted version expects that version.
    /// A weak tag never matches (If-Match uses strong comparison), so it expects an impossible version.
    /// </summary>
    public static bool TryRead(HttpRequest request, out long? expectedVersion, out IResult? problem)
    {
        expectedVersion = null;
        problem = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        if (EntityTagHeaderValue.TryParse(header, out var tag) &&
            long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expectedVersion = tag.IsWeak ? -1 : version;
            return true;
        }

        problem = Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Malformed If-Match",
            detail: $"If-Match must be the state's quoted ETag, e.g. If-Match: \"3\"; got {header}.");
        return false;
    }
}
