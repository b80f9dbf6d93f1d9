using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Configuration;

/// <summary>What keeps a user on one pool while the weights stay.</summary>
public sealed class StickinessOptions
{
    /// <summary><c>None</c>, <c>Cookie</c>, <c>Header</c> or <c>ClientIp</c>.</summary>
    public StickinessMode Mode { get; set; } = StickinessMode.Cookie;

    /// <summary>The cookie or header that names a user.</summary>
    public string Name { get; set; } = RoutingPolicy.DefaultStickinessName;
}
