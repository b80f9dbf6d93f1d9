namespace BlueGreen.Core.Rollouts;

/// <summary>The wire names of verdicts: <c>waiting</c>, <c>pass</c>, <c>fail</c>.</summary>
public static class VerdictNames
{
    private static readonly string[] Names = ["waiting", "pass", "fail"];

    /// <summary>Returns the wire name of <paramref name="verdict"/>.</summary>
    public static string Name(this Verdict verdict) => Names[(int)verdict];

    /// <summary>Parses a wire name exactly as written.</summary>
    public static bool TryParse(string? value, out Verdict verdict)
    {
        var index = Array.IndexOf(Names, value);
        verdict = index >= 0 ? (Verdict)index : default;
        return index >= 0;
    }
}
