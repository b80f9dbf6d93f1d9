namespace BlueGreen.Core.Routing;

/// <summary>
/// Finds one cookie in a raw <c>Cookie</c> header without parsing the rest into a dictionary, which is what
/// makes the sticky decision allocation-free.
/// </summary>
public static class CookieHeader
{
    /// <summary>
    /// Looks for the cookie <paramref name="name"/> (case-sensitive, as RFC 6265 says) in <paramref name="header"/>
    /// and returns its value without surrounding quotes. The first occurrence wins.
    /// </summary>
    public static bool TryGetValue(ReadOnlySpan<char> header, ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        while (!header.IsEmpty)
        {
            var end = header.IndexOf(';');
            var pair = end < 0 ? header : header[..end];
            header = end < 0 ? default : header[(end + 1)..];

            var equals = pair.IndexOf('=');
            if (equals < 0 || !pair[..equals].Trim(' ').SequenceEqual(name))
            {
                continue;
            }

            value = pair[(equals + 1)..].Trim(' ');
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            return true;
        }

        value = default;
        return false;
    }
}
