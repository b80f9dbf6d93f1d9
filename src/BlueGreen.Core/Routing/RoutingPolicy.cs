namespace BlueGreen.Core.Routing;

/// <summary>How requests carry their pool: stickiness and the tester's override. Comes from configuration.</summary>
/// <param name="Stickiness">What keeps a user on one pool.</param>
/// <param name="StickinessName">The cookie or header that names a user.</param>
/// <param name="OverrideEnabled">Whether a request may force its pool with the override header or cookie.</param>
public sealed record RoutingPolicy(StickinessMode Stickiness, string StickinessName, bool OverrideEnabled)
{
    /// <summary>The default sticky cookie or header name.</summary>
    public const string DefaultStickinessName = "bg-id";

    /// <summary>The request header that forces a pool.</summary>
    public const string OverrideHeader = "X-BlueGreen-Pool";

    /// <summary>The cookie that forces a pool.</summary>
    public const string OverrideCookie = "bg-pool";

    /// <summary>The contract's defaults: cookie stickiness on <c>bg-id</c>, override enabled.</summary>
    public static RoutingPolicy Default { get; } = new(StickinessMode.Cookie, DefaultStickinessName, OverrideEnabled: true);
}
