using BlueGreen.Core.Routing;

namespace BlueGreen.Benchmarks;

/// <summary>
/// What a typical request of a canary rollout looks like, shared by the benchmarks so they measure the same
/// request: a browser's Cookie header with six cookies (the sticky id fourth), and a 95/5 split.
/// </summary>
public static class RealisticRequest
{
    /// <summary>The sticky id of the user, as the proxy issues it (16 hex digits).</summary>
    public const string StickyId = "3f2a9c0d1e7b4a65";

    /// <summary>
    /// A browser's Cookie header: analytics, a session token, the sticky id, locale and consent; no override
    /// cookie, as for almost every user.
    /// </summary>
    public const string Cookie =
        "_ga=GA1.2.1234567890.1732521600; _gid=GA1.2.987654321.1732521600; " +
        "session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsImV4cCI6MTczMjUyNTIwMH0.c2lnbmF0dXJlLW5vdC1yZWFs; " +
        "bg-id=" + StickyId + "; locale=en-GB; consent=analytics%3Dtrue%2Cads%3Dfalse";

    /// <summary>The value a tester sends in the override header or cookie.</summary>
    public const string OverrideValue = PoolNames.Green;

    /// <summary>Green's share during the canary step measured: 5 % (500 basis points).</summary>
    public const int GreenBasisPoints = 500;

    /// <summary>
    /// The snapshot in force during a 95/5 canary with the contract's defaults: cookie stickiness on <c>bg-id</c>
    /// and the override enabled.
    /// </summary>
    public static RoutingSnapshot CanarySnapshot(long version = 1) =>
        new(version, PoolWeights.FromGreenBasisPoints(GreenBasisPoints), Pool.Blue, RoutingPolicy.Default);
}
