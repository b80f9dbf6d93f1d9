using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace BlueGreen.Cli.Rendering;

/// <summary>
/// Draws what a rollout's and a rolling update's analysis share: the verdict, and the figures (requests, errors,
/// error rate, p99) of each side judged, as a table on a terminal or as text in a plain line.
/// </summary>
public static class AnalysisRenderer
{
    /// <summary>The verdict coloured: pass green, fail red, anything else (waiting) yellow.</summary>
    public static Markup Verdict(string verdict)
    {
        var colour = verdict switch { "pass" => "green", "fail" => "red", _ => "yellow" };
        return new Markup($"[{colour}]{Markup.Escape(verdict)}[/]");
    }

    /// <summary>A table with a row per side: its name (under <paramref name="sideHeader"/>) and its figures.</summary>
    public static Table Figures(string sideHeader, IEnumerable<(string Name, JsonElement Figures)> sides)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns(sideHeader, "requests", "errors", "error rate", "p99");
        foreach (var (name, figures) in sides)
        {
            table.AddRow(
                Markup.Escape(name),
                Markup.Escape(figures.Text("requests")),
                Markup.Escape(figures.Text("errors")),
                Percent(figures.Number("errorRate")),
                Milliseconds(figures.Number("p99Ms")));
        }

        return table;
    }

    /// <summary>One side's figures as text: <c>green 120 requests, errors 0.5 %, p99 41.2 ms</c>.</summary>
    public static string FiguresText(string name, JsonElement figures) =>
        $"{name} {figures.Text("requests")} requests, errors {Percent(figures.Number("errorRate"))}, p99 {Milliseconds(figures.Number("p99Ms"))}";

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "-";

    private static string Milliseconds(double? ms) => ms is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "-";
}
