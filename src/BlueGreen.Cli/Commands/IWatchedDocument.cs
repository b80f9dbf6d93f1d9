using System.Text.Json;
using Spectre.Console.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary>What <see cref="DocumentWatcher"/> follows (a rollout, a rolling update): where it is read, how it is shown, when watching ends.</summary>
public interface IWatchedDocument
{
    /// <summary>The route read, relative to the admin plane.</summary>
    string Path { get; }

    /// <summary>What it is called (<c>rollout</c>), for the line shown before the first answer.</summary>
    string Name { get; }

    /// <summary>The live panel of a terminal.</summary>
    IRenderable Panel(JsonElement document);

    /// <summary>The plain lines printed per change when stdout is not a terminal.</summary>
    IEnumerable<string> PlainLines(JsonElement document);

    /// <summary>What identifies a change worth new plain lines.</summary>
    string ChangeKey(JsonElement document);

    /// <summary>The exit code once <paramref name="document"/> ends the watch, or <see langword="null"/> while it goes on.</summary>
    int? ExitCodeFor(JsonElement document, bool untilEnd);
}
