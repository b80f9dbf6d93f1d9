using System.Text.Json;
using BlueGreen.Cli.Rendering;
using Spectre.Console.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// A pool's current rolling update as <c>rolling status --watch</c> follows it: exit 0 when completed, 4 when stopped
/// or aborted, 5 when it pauses. Waiting for an operator's <c>continue</c> is not an end: the watch goes on.
/// </summary>
public sealed class WatchedRolling : IWatchedDocument
{
    /// <summary>Creates the watch of <paramref name="pool"/>'s rolling update.</summary>
    public WatchedRolling(string pool)
    {
        Path = CurrentPath(pool);
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Name => "rolling update";

    /// <summary>The route that starts a rolling update of <paramref name="pool"/>.</summary>
    public static string StartPath(string pool) => $"api/v1/pools/{Uri.EscapeDataString(pool)}/rolling";

    /// <summary>The route of <paramref name="pool"/>'s current (or last) rolling update; its controls are below it.</summary>
    public static string CurrentPath(string pool) => $"{StartPath(pool)}/current";

    /// <summary>The exit code for a rolling update in <paramref name="status"/>, or <see langword="null"/> while it goes on.</summary>
    public static int? ExitCodeFor(string status, bool untilEnd) => status switch
    {
        "completed" => ExitCodes.Done,
        "stopped" or "aborted" => ExitCodes.RolledBack,
        "paused" when !untilEnd => ExitCodes.Paused,
        _ => null,
    };

    /// <inheritdoc />
    public int? ExitCodeFor(JsonElement document, bool untilEnd) => ExitCodeFor(document.Text("status"), untilEnd);

    /// <inheritdoc />
    public IRenderable Panel(JsonElement document) => RollingRenderer.Build(document);

    /// <inheritdoc />
    public IEnumerable<string> PlainLines(JsonElement document) => RollingRenderer.PlainLines(document);

    /// <inheritdoc />
    public string ChangeKey(JsonElement document) => RollingRenderer.ChangeKey(document);
}
