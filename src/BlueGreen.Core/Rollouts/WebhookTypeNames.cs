namespace BlueGreen.Core.Rollouts;

/// <summary>The wire names of webhook types: <c>pre-step</c>, <c>pre-promotion</c>, <c>event</c>.</summary>
public static class WebhookTypeNames
{
    private static readonly string[] Names = ["pre-step", "pre-promotion", "event"];

    /// <summary>Every wire name, for messages.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>Returns the wire name of <paramref name="type"/>.</summary>
    public static string Name(this WebhookType type) => Names[(int)type];

    /// <summary>Parses a wire name exactly as written.</summary>
    public static bool TryParse(string? value, out WebhookType type)
    {
        var index = Array.IndexOf(Names, value);
        type = index >= 0 ? (WebhookType)index : default;
        return index >= 0;
    }
}
