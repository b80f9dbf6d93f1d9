namespace BlueGreen.Core.Membership;

/// <summary>The wire names of destination modes (<c>active</c>, <c>draining</c>, ...), as the admin plane and stores write them.</summary>
public static class DestinationModeNames
{
    private static readonly string[] Names = ["active", "draining", "disabled", "removed"];

    /// <summary>Returns the wire name of <paramref name="mode"/>; the strings are cached, so this never allocates.</summary>
    public static string Name(this DestinationMode mode) => Names[(int)mode];

    /// <summary>Parses a mode's wire name, ignoring case; anything else (numbers included) is not a mode.</summary>
    public static bool TryParse(string? value, out DestinationMode mode)
    {
        var index = Array.FindIndex(Names, name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase));
        mode = index >= 0 ? (DestinationMode)index : default;
        return index >= 0;
    }
}
