using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BlueGreen.Cli.Rendering;

/// <summary>
/// Draws a rolling update document: status, the current batch and its phase, every batch with what became of it,
/// how batches are updated, the verdict with its detail and the figures of the updated destinations against the
/// others, and what the operator is expected to do when the update waits for them.
/// </summary>
public static class RollingRenderer
{
    /// <summary>A panel for a terminal (or plain text when the console has no colours).</summary>
    public static IRenderable Build(JsonElement rolling)
    {
        var status = rolling.Text("status");
        var colour = status switch
        {
            "completed" => "green",
            "stopped" or "aborted" => "red",
            "paused" or "waitingForUpdate" => "yellow",
            _ => "blue",
        };
        var analysis = rolling.Field("analysis") ?? default;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(new Markup("status"), new Markup($"[bold {colour}]{Markup.Escape(status)}[/]"));
        grid.AddRow(new Text("batch"), new Text(BatchText(rolling)));
        grid.AddRow(new Text("updated"), new Text(UpdatedText(rolling)));
        grid.AddRow(new Text("update"), new Text(UpdateText(rolling)));
        grid.AddRow(new Text("timing"), new Text(
            $"pause {rolling.Text("pause")} after each batch, drain timeout {rolling.Text("drainTimeout")}, health timeout {rolling.Text("healthTimeout")}"));
        grid.AddRow(new Markup("verdict"), AnalysisRenderer.Verdict(analysis.Text("verdict")));
        grid.AddRow(new Text("detail"), new Text(analysis.Text("detail")));
        if (Hint(rolling) is { } hint)
        {
            grid.AddRow(new Markup("[yellow]next[/]"), new Markup($"[yellow]{Markup.Escape(hint)}[/]"));
        }

        var figures = AnalysisRenderer.Figures("destinations", Sides(analysis));
        return new Panel(new Rows(grid, Batches(rolling), figures))
        {
            Header = new PanelHeader($"rolling update {Markup.Escape(rolling.Text("id"))} of {Markup.Escape(rolling.Text("pool"))}"),
            Border = BoxBorder.Rounded,
        };
    }

    /// <summary>Every batch: its destinations and what became of it (updated, its current phase, not yet).</summary>
    public static Table Batches(JsonElement rolling)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("batch", "destinations", "state");
        var batches = BatchList(rolling);
        for (var index = 0; index < batches.Count; index++)
        {
            var (state, colour) = BatchState(rolling, index, batches[index]);
            table.AddRow(
                new Text((index + 1).ToString(CultureInfo.InvariantCulture)),
                new Text(string.Join(", ", batches[index])),
                new Markup($"[{colour}]{Markup.Escape(state)}[/]"));
        }

        return table;
    }

    /// <summary>The plain lines a pipeline logs per change: the state in one line, then what the operator is to do, if anything.</summary>
    public static IEnumerable<string> PlainLines(JsonElement rolling)
    {
        yield return PlainLine(rolling);
        if (Hint(rolling) is { } hint)
        {
            yield return hint;
        }
    }

    /// <summary>The state in one line: status, batch and phase, how many are updated, the verdict, the figures and the detail.</summary>
    public static string PlainLine(JsonElement rolling)
    {
        var analysis = rolling.Field("analysis") ?? default;
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"rolling {rolling.Text("id")} of {rolling.Text("pool")}: {rolling.Text("status")}, ")
            .Append(CultureInfo.InvariantCulture, $"batch {BatchText(rolling)}, {UpdatedCount(rolling)} updated; ")
            .Append(CultureInfo.InvariantCulture, $"verdict {analysis.Text("verdict")}");
        foreach (var (name, figures) in Sides(analysis))
        {
            line.Append("; ").Append(AnalysisRenderer.FiguresText(name, figures));
        }

        var detail = analysis.Text("detail");
        return detail.Length == 0 ? line.ToString() : line.Append(CultureInfo.InvariantCulture, $" ({detail})").ToString();
    }

    /// <summary>What the operator is expected to do, or <see langword="null"/> when the update goes on by itself or has ended.</summary>
    public static string? Hint(JsonElement rolling)
    {
        var pool = rolling.Text("pool");
        return rolling.Text("status") switch
        {
            "waitingForUpdate" when rolling.Field("update") is null =>
                $"waiting for the update of {string.Join(", ", CurrentBatch(rolling))}: once it is done, run: bluegreen rolling continue {pool}",
            "paused" => $"paused: bluegreen rolling resume {pool} goes on, bluegreen rolling abort {pool} ends it",
            _ => null,
        };
    }

    /// <summary>What identifies a change worth a new line: status, batch, phase, updated count and verdict (not every new request).</summary>
    public static string ChangeKey(JsonElement rolling) =>
        $"{rolling.Text("id")}|{rolling.Text("status")}|{rolling.Text("batch")}|{rolling.Text("phase")}|{UpdatedCount(rolling)}|" +
        (rolling.Field("analysis") ?? default).Text("verdict");

    private static (string State, string Colour) BatchState(JsonElement rolling, int index, IReadOnlyList<string> batch)
    {
        var status = rolling.Text("status");
        var phase = rolling.Text("phase");
        if (index == CurrentIndex(rolling) && status != "completed")
        {
            return status switch
            {
                "stopped" => ($"stopped while {phase}", "red"),
                "aborted" => ($"aborted while {phase}", "red"),
                "paused" => ($"{phase}, paused", "yellow"),
                "waitingForUpdate" => ($"{phase}, waiting for its update", "yellow"),
                _ => (phase, "blue"),
            };
        }

        var updated = UpdatedIds(rolling);
        return batch.All(updated.Contains) ? ("updated", "green") : ("not yet", "grey");
    }

    private static string BatchText(JsonElement rolling)
    {
        var count = BatchList(rolling).Count;
        var text = $"{CurrentIndex(rolling) + 1}/{count} ({string.Join(", ", CurrentBatch(rolling))})";
        return rolling.Text("status") == "completed" ? text : $"{text} {rolling.Text("phase")}";
    }

    private static string UpdatedText(JsonElement rolling)
    {
        var updated = UpdatedIds(rolling);
        return updated.Count == 0 ? $"{UpdatedCount(rolling)}" : $"{UpdatedCount(rolling)}: {string.Join(", ", updated)}";
    }

    private static string UpdateText(JsonElement rolling) =>
        rolling.Field("update") is { } update
            ? $"by the webhook {update.Text("url")} (timeout {update.Text("timeout")})"
            : $"by an operator (bluegreen rolling continue {rolling.Text("pool")})";

    private static string UpdatedCount(JsonElement rolling) =>
        $"{UpdatedIds(rolling).Count}/{BatchList(rolling).Sum(batch => batch.Count)}";

    private static int CurrentIndex(JsonElement rolling) => rolling.Number("batch") is { } batch ? (int)batch : 0;

    private static IReadOnlyList<string> CurrentBatch(JsonElement rolling)
    {
        var batches = BatchList(rolling);
        var index = CurrentIndex(rolling);
        return index < batches.Count ? batches[index] : [];
    }

    private static List<IReadOnlyList<string>> BatchList(JsonElement rolling) =>
        rolling.Field("batches") is { ValueKind: JsonValueKind.Array } batches
            ? [.. batches.EnumerateArray().Select(batch => (IReadOnlyList<string>)Ids(batch))]
            : [];

    private static List<string> UpdatedIds(JsonElement rolling) => rolling.Field("updated") is { } updated ? Ids(updated) : [];

    private static List<string> Ids(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText())] : [];

    private static IEnumerable<(string Name, JsonElement Figures)> Sides(JsonElement analysis)
    {
        if (analysis.Field("updated") is { } updated)
        {
            yield return ("updated", updated);
        }

        if (analysis.Field("notUpdated") is { } notUpdated)
        {
            yield return ("not updated", notUpdated);
        }
    }
}
