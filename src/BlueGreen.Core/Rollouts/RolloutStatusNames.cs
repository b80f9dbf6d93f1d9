namespace BlueGreen.Core.Rollouts;

/// <summary>The wire names of rollout statuses (<c>progressing</c>, <c>rolledBack</c>, ...) as the contract spells them.</summary>
public static class RolloutStatusNames
{
    private static readonly string[] Names = ["progressing", "paused", "rampingDown", "promoted", "rolledBack", "aborted"];

    /// <summary>Every status, in the order of <see cref="RolloutStatus"/>.</summary>
    public static IReadOnlyList<RolloutStatus> All { get; } = Enum.GetValues<RolloutStatus>();

    /// <summary>Returns the wire name of <paramref name="status"/>; cached, never allocates.</summary>
    public static string Name(this RolloutStatus status) => Names[(int)status];

    /// <summary>Whether a rollout with this status still runs (and so holds the weights).</summary>
    public static bool IsRunning(this RolloutStatus status) =>
        status is RolloutStatus.Progressing or RolloutStatus.Paused or RolloutStatus.RampingDown;

    /// <summary>Parses a wire name exactly as written; anything else is not a status.</summary>
    public static bool TryParse(string? value, out RolloutStatus status)
    {
        var index = Array.IndexOf(Names, value);
        status = index >= 0 ? (RolloutStatus)index : default;
        return index >= 0;
    }
}
