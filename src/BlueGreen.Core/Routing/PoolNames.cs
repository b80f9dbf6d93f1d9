namespace BlueGreen.Core.Routing;

/// <summary>The wire names of the pools (<c>blue</c>, <c>green</c>) and their allocation-free parsing.</summary>
public static class PoolNames
{
    /// <summary>The name of the blue pool.</summary>
    public const string Blue = "blue";

    /// <summary>The name of the green pool.</summary>
    public const string Green = "green";

    /// <summary>Both pools, in a fixed order.</summary>
    public static IReadOnlyList<Pool> All { get; } = [Pool.Blue, Pool.Green];

    /// <summary>Returns the wire name of <paramref name="pool"/>; the strings are cached, so this never allocates.</summary>
    public static string Name(this Pool pool) => pool == Pool.Green ? Green : Blue;

    /// <summary>Returns the pool that is not <paramref name="pool"/>.</summary>
    public static Pool Other(this Pool pool) => pool == Pool.Green ? Pool.Blue : Pool.Green;

    /// <summary>Parses a pool name, ignoring case; anything else (including empty) is not a pool.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out Pool pool)
    {
        if (value.Equals(Blue, StringComparison.OrdinalIgnoreCase))
        {
            pool = Pool.Blue;
            return true;
        }

        if (value.Equals(Green, StringComparison.OrdinalIgnoreCase))
        {
            pool = Pool.Green;
            return true;
        }

        pool = default;
        return false;
    }
}
