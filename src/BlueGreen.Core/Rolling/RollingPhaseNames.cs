namespace BlueGreen.Core.Rolling;

/// <summary>The wire names of <see cref="RollingPhase"/>.</summary>
public static class RollingPhaseNames
{
    private static readonly string[] Names = ["pending", "draining", "updating", "enabling", "judging"];

    /// <summary>Returns the wire name of <paramref name="phase"/>; cached, never allocates.</summary>
    public static string Name(this RollingPhase phase) => Names[(int)phase];

    /// <summary>Parses a wire name exactly as written.</summary>
    public static bool TryParse(string? value, out RollingPhase phase)
    {
        var index = Array.IndexOf(Names, value);
        phase = index >= 0 ? (RollingPhase)index : default;
        return index >= 0;
    }
}
