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
        // Perf: a vectorized search for the name skips every other cookie at once; only a hit is checked to
        // stand at the start of a pair and be followed by '=', so a name inside another name or value never counts.
        var searchFrom = 0;
        while (!name.IsEmpty)
        {
            var found = header[searchFrom..].IndexOf(name);
            if (found < 0)
            {
                break;
            }

            var start = searchFrom + found;
            searchFrom = start + 1;
            var before = header[..start].TrimEnd(' ');
            var after = header[(start + name.Length)..].TrimStart(' ');
            if ((before.IsEmpty || before[^1] == ';') && !after.IsEmpty && after[0] == '=')
            {
                after = after[1..];
                var end = after.IndexOf(';');
                value = (end < 0 ? after : after[..end]).Trim(' ');
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                return true;
            }
        }

        value = default;
        return false;
    }
}
