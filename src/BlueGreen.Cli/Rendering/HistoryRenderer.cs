using System.Text.Json;
using Spectre.Console;

namespace BlueGreen.Cli.Rendering;

/// <summary>Draws the audit history, newest first, one row per event.</summary>
public static class HistoryRenderer
{
    /// <summary>A table of <paramref name="events"/>.</summary>
    public static Table Build(JsonElement events)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("at", "actor", "action", "from", "to", "version", "reason");
        if (events.ValueKind != JsonValueKind.Array)
        {
            return table;
        }

        foreach (var e in events.EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(e.Text("at")),
                Markup.Escape(e.Text("actor")),
                Markup.Escape(e.Text("action")),
                Markup.Escape(e.Text("from")),
                Markup.Escape(e.Text("to")),
                Markup.Escape(e.Text("version")),
                Markup.Escape(e.Text("reason")));
        }

        return table;
    }
}
