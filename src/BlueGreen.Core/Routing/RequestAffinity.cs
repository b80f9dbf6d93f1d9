namespace BlueGreen.Core.Routing;

/// <summary>
/// What a request carries that bears on its pool, as views into the request's own header strings, so that
/// reading it allocates nothing.
/// </summary>
public readonly ref struct RequestAffinity
{
    /// <summary>The value of the override header, or empty.</summary>
    public ReadOnlySpan<char> OverrideHeader { get; init; }

    /// <summary>The value of the override cookie, or empty.</summary>
    public ReadOnlySpan<char> OverrideCookie { get; init; }

    /// <summary>The bytes that name the user (cookie, header or client address), or empty for a random split.</summary>
    public ReadOnlySpan<byte> StickyKey { get; init; }

    /// <summary>
    /// <see cref="StickyKey"/>'s bucket when the caller already knows it (from <see cref="CookieValueCache"/>), so
    /// the decision need not hash the key again; <see langword="null"/> otherwise.
    /// </summary>
    public int? KnownStickyBucket { get; init; }
}
