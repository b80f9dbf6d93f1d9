namespace BlueGreen.Core.Rollouts;

/// <summary>
/// Going back to the stable pool in stages rather than at once, so a cold stable pool is not hit by all traffic in
/// one go: every <paramref name="Interval"/> the canary loses <paramref name="Percent"/> % of the share it has.
/// </summary>
/// <param name="Percent">The part of the canary's current share taken away at each stage, 1 to 100.</param>
/// <param name="Interval">How long each stage lasts.</param>
public sealed record RampDown(decimal Percent, TimeSpan Interval)
{
    /// <summary>Below this share (1 %), the next stage takes the canary to zero.</summary>
    public const int FloorBasisPoints = 100;

    /// <summary>The canary's share after one more stage, from <paramref name="basisPoints"/>; 0 ends the ramp.</summary>
    public int Next(int basisPoints)
    {
        var next = (int)Math.Floor(basisPoints * (100m - Percent) / 100m);
        return next < FloorBasisPoints ? 0 : next;
    }
}
