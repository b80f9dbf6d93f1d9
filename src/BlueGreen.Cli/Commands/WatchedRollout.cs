using System.Text.Json;
using BlueGreen.Cli.Rendering;
using Spectre.Console.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary>The current rollout as <c>rollout status --watch</c> follows it: exit 0 when promoted, 4 when rolled back or aborted, 5 when it pauses.</summary>
public sealed class WatchedRollout : IWatchedDocument
{
    /// <summary>The route of the current (or last) rollout.</summary>
    public const string CurrentPath = "api/v1/rollouts/current";

    /// <inheritdoc />
    public string Path => CurrentPath;

    /// <inheritdoc />
    public string Name => "rollout";

    /// <summary>The exit code for a rollout in <paramref name="status"/>, or <see langword="null"/> while it goes on.</summary>
    public static int? ExitCodeFor(string status, bool untilEnd) => status switch
    {
        "promoted" => ExitCodes.Done,
        "rolledBack" or "aborted" => ExitCodes.RolledBack,
        "paused" when !untilEnd => ExitCodes.Paused,
        _ => null,
    };

    /// <inheritdoc />
    public int? ExitCodeFor(JsonElement document, bool untilEnd) => ExitCodeFor(document.Text("status"), untilEnd);

    /// <inheritdoc />
    public IRenderable Panel(JsonElement document) => RolloutRenderer.Build(document);

    /// <inheritdoc />
    public IEnumerable<string> PlainLines(JsonElement document) => [RolloutRenderer.PlainLine(document)];

    /// <inheritdoc />
    public string ChangeKey(JsonElement document) => RolloutRenderer.ChangeKey(document);
}
