namespace BlueGreen.Core.Rolling;

/// <summary>The wire names of rolling-update statuses as the contract spells them.</summary>
public static class RollingStatusNames
{
    private static readonly string[] Names = ["progressing", "waitingForUpdate", "paused", "stopped", "completed", "aborted"];

    /// <summary>Every status, in the order of <see cref="RollingStatus"/>.</summary>
    public static IReadOnlyList<RollingStatus> All { get; } = Enum.GetValues<RollingStatus>();

    /// <summary>Returns the wire name of <paramref name="status"/>; cached, never allocates.</summary>
    public static string Name(this RollingStatus status) => Names[(int)status];

    /// <summary>Whether a rolling update with this status still runs.</summary>
    public static bool IsRunning(this RollingStatus status) =>
        status is RollingStatus.Progressing or RollingStatus.WaitingForUpdate or RollingStatus.Paused;

    /// <summary>Parses a wire name exactly as written; anything else is not a status.</summary>
    public static bool TryParse(string? value, out RollingStatus status)
    {
        var index = Array.IndexOf(Names, value);
        status = index >= 0 ? (RollingStatus)index : default;
        return index >= 0;
    }
}
