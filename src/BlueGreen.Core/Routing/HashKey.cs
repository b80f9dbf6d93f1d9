namespace BlueGreen.Core.Routing;

/// <summary>
/// What a consistent-hash pool hashes, as configured: <c>Path</c>, <c>PathAndQuery</c>, <c>Header:NAME</c>,
/// <c>Cookie:NAME</c> or <c>ClientIp</c>.
/// </summary>
/// <param name="Source">The part of the request.</param>
/// <param name="Name">The header or cookie name; empty for the other sources.</param>
public readonly record struct HashKey(HashKeySource Source, string Name)
{
    /// <summary>The default: the request path.</summary>
    public static HashKey Default { get; } = new(HashKeySource.Path, "");

    /// <summary>The valid forms, for messages.</summary>
    public const string ValidForms = "Path, PathAndQuery, Header:NAME, Cookie:NAME, ClientIp";

    /// <summary>Parses the configured form (case-insensitive source; the name is a header or cookie token).</summary>
    public static bool TryParse(string? text, out HashKey key)
    {
        key = Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var source = colon < 0 ? text.Trim() : text[..colon].Trim();
        var name = colon < 0 ? "" : text[(colon + 1)..].Trim();
        if (!Enum.TryParse<HashKeySource>(source, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) ||
            !source.All(char.IsAsciiLetter))
        {
            return false;
        }

        var named = parsed is HashKeySource.Header or HashKeySource.Cookie;
        if (named != (colon >= 0) || (named && !IsToken(name)))
        {
            return false;
        }

        key = new HashKey(parsed, name);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Name.Length == 0 ? Source.ToString() : $"{Source}:{Name}";

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
