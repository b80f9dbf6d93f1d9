using System.Runtime.InteropServices;

namespace BlueGreen.Core.Routing;

/// <summary>
/// Where the override and sticky cookies sit in the last <c>Cookie</c> header one connection sent, remembered by
/// the header string's identity: Kestrel hands every request of a keep-alive connection the same string instance
/// while the header's bytes stay the same, so a returning request costs a reference comparison instead of two
/// scans of the header and a hash. One instance per connection; not thread-safe, as a connection serves one request at a time.
/// </summary>
public sealed class CookieValueCache
{
    private string? _header;
    private string? _overrideName;
    private string? _stickyName;
    private Range _override;
    private Range _sticky;
    private int? _stickyBucket;

    /// <summary>
    /// Finds the cookies <paramref name="overrideName"/> and <paramref name="stickyName"/> (either skipped when
    /// <see langword="null"/>) in <paramref name="header"/>, with the sticky value's <see cref="StickyBucket"/>
    /// (<see langword="null"/> when it is absent or empty), or reuses what the last call found when all three
    /// arguments are the same instances as then. A cookie that is absent comes back empty.
    /// </summary>
    public void Read(
        string header,
        string? overrideName,
        string? stickyName,
        out ReadOnlySpan<char> overrideValue,
        out ReadOnlySpan<char> stickyValue,
        out int? stickyBucket)
    {
        if (!ReferenceEquals(header, _header) || !ReferenceEquals(overrideName, _overrideName) || !ReferenceEquals(stickyName, _stickyName))
        {
            _override = overrideName is not null && CookieHeader.TryFind(header, overrideName, out var found) ? found : default;
            _sticky = stickyName is not null && CookieHeader.TryFind(header, stickyName, out found) ? found : default;
            var sticky = header.AsSpan(_sticky);
            _stickyBucket = sticky.IsEmpty ? null : StickyBucket.Of(MemoryMarshal.AsBytes(sticky));
            (_header, _overrideName, _stickyName) = (header, overrideName, stickyName);
        }

        overrideValue = header.AsSpan(_override);
        stickyValue = header.AsSpan(_sticky);
        stickyBucket = _stickyBucket;
    }
}
