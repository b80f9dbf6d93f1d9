namespace BlueGreen.Core.Routing;

/// <summary>A warming destination's share of its full share: from <see cref="FirstShare"/> at once, linearly to all of it.</summary>
public static class WarmUp
{
    /// <summary>The share a destination gets the moment it starts warming up.</summary>
    public const double FirstShare = 0.05;

    /// <summary>The share after <paramref name="elapsed"/> of a warm-up lasting <paramref name="slowStart"/> (1 once over).</summary>
    public static double Share(TimeSpan elapsed, TimeSpan slowStart) =>
        elapsed >= slowStart ? 1 : FirstShare + ((1 - FirstShare) * Math.Max(0, elapsed / slowStart));
}
