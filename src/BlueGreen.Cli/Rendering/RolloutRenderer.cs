using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BlueGreen.Cli.Rendering;

/// <summary>Draws a rollout document: status, step, weights, each pool's error rate and p99, the verdict and its detail.</summary>
public static class RolloutRenderer
{
    /// <summary>A panel for a terminal (or plain text when the console has no colours).</summary>
    public static IRenderable Build(JsonElement rollout)
    {
        var status = rollout.Text("status");
        var colour = status switch
        {
            "promoted" => "green",
            "rolledBack" or "aborted" or "rampingDown" => "red",
            "paused" => "yellow",
            _ => "blue",
        };
        var analysis = rollout.Field("analysis") ?? default;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(new Markup("status"), new Markup($"[bold {colour}]{Markup.Escape(status)}[/]"));
        grid.AddRow(new Text("to"), new Text($"{rollout.Text("to")} (from {rollout.Text("from")})"));
        grid.AddRow(new Text("step"), new Text(StepText(rollout)));
        grid.AddRow(new Text("weights"), new Text(WeightsText(rollout)));
        grid.AddRow(new Markup("verdict"), AnalysisRenderer.Verdict(analysis.Text("verdict")));
        grid.AddRow(new Text("detail"), new Text(analysis.Text("detail")));
        var figures = AnalysisRenderer.Figures("pool", Pools(analysis).Select(pool => (pool.Name, pool.Value)));
        return new Panel(new Rows(grid, figures))
        {
            Header = new PanelHeader($"rollout {Markup.Escape(rollout.Text("id"))}"),
            Border = BoxBorder.Rounded,
        };
    }

    /// <summary>One plain line: what a pipeline logs per change.</summary>
    public static string PlainLine(JsonElement rollout)
    {
        var analysis = rollout.Field("analysis") ?? default;
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"rollout {rollout.Text("id")} to {rollout.Text("to")}: {rollout.Text("status")}, ")
            .Append(CultureInfo.InvariantCulture, $"step {StepText(rollout)}, {WeightsText(rollout)}; ")
            .Append(CultureInfo.InvariantCulture, $"verdict {analysis.Text("verdict")}");
        foreach (var pool in Pools(analysis))
        {
            line.Append("; ").Append(AnalysisRenderer.FiguresText(pool.Name, pool.Value));
        }

        var detail = analysis.Text("detail");
        return detail.Length == 0 ? line.ToString() : line.Append(CultureInfo.InvariantCulture, $" ({detail})").ToString();
    }

    /// <summary>What identifies a change worth a new line: status, step, weights and verdict (not every new request).</summary>
    public static string ChangeKey(JsonElement rollout) =>
        $"{rollout.Text("id")}|{rollout.Text("status")}|{rollout.Text("step")}|{WeightsText(rollout)}|{(rollout.Field("analysis") ?? default).Text("verdict")}";

    private static string StepText(JsonElement rollout)
    {
        var steps = rollout.Field("steps") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(s => s.GetRawText()).ToList()
            : [];
        var index = rollout.Number("step") is { } s ? (int)s : 0;
        var current = index < steps.Count ? $"{steps[index]} %" : "?";
        return $"{index + 1}/{steps.Count} ({current} of {string.Join(", ", steps)})";
    }

    private static string WeightsText(JsonElement rollout)
    {
        var weights = rollout.Field("weights") ?? default;
        return $"blue {JsonFields.Short(weights.Number("blue"))} / green {JsonFields.Short(weights.Number("green"))}";
    }

    private static IEnumerable<JsonProperty> Pools(JsonElement analysis) =>
        analysis.Field("pools") is { ValueKind: JsonValueKind.Object } pools ? pools.EnumerateObject() : [];
}
