namespace BlueGreen.Core.Routing;

/// <summary>Issues the random user ids that cookie stickiness stores in the sticky cookie.</summary>
public static class StickyId
{
    /// <summary>The length of an issued id: 64 random bits as lowercase hex.</summary>
    public const int Length = 16;

    /// <summary>Returns a new random id. Allocates, but only for a user's first request.</summary>
    public static string Create() =>
        string.Create(Length, Random.Shared.NextInt64(long.MinValue, long.MaxValue), static (chars, bits) =>
            bits.TryFormat(chars, out _, "x16"));
}
