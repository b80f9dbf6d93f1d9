using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BlueGreen.Cli.Rendering;

/// <summary>Draws the state document: both pools with their destinations, the split as a bar, and the rollout.</summary>
public static class StateRenderer
{
    private const int BarWidth = 50;

    /// <summary>Writes the whole state to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, JsonElement state)
    {
        console.MarkupLineInterpolated($"[bold]BlueGreen[/] version {state.Text("version")}, stable pool [bold]{state.Text("stable")}[/]");
        console.Write(SplitBar(state.Field("weights")));
        console.WriteLine();
        console.Write(Pools(state));
        if (state.Field("rollout") is { ValueKind: JsonValueKind.Object } rollout)
        {
            console.Write(RolloutRenderer.Build(rollout));
        }
        else
        {
            console.WriteLine("rollout: none running");
        }
    }

    /// <summary>One line for a write's answer: version, split, stable pool.</summary>
    public static string SummaryLine(JsonElement state)
    {
        var weights = state.Field("weights") ?? default;
        return $"version {state.Text("version")}: blue {JsonFields.Short(weights.Number("blue"))} % / green {JsonFields.Short(weights.Number("green"))} %, stable {state.Text("stable")}";
    }

    /// <summary>The split as a bar: blue's share drawn with full blocks, green's with light shade.</summary>
    public static IRenderable SplitBar(JsonElement? weights)
    {
        var blue = weights?.Number("blue") ?? 0;
        var green = weights?.Number("green") ?? 0;
        var blueCells = (int)Math.Round(blue / 100 * BarWidth, MidpointRounding.AwayFromZero);
        blueCells = blue > 0 && blueCells == 0 ? 1 : green > 0 && blueCells == BarWidth ? BarWidth - 1 : blueCells;
        var bar = new string('█', blueCells);
        var rest = new string('░', BarWidth - blueCells);
        return new Markup(
            $"split  blue {Markup.Escape(JsonFields.Short(blue)),6} % [blue]{bar}[/][green]{rest}[/] {Markup.Escape(JsonFields.Short(green))} % green");
    }

    /// <summary>Both pools' destinations with health, mode and in-flight count.</summary>
    public static Table Pools(JsonElement state)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("pool", "destination", "address", "health", "mode", "in-flight");
        if (state.Field("pools") is { ValueKind: JsonValueKind.Object } pools)
        {
            foreach (var pool in pools.EnumerateObject())
            {
                var destinations = pool.Value.Field("destinations");
                if (destinations is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
                {
                    table.AddRow(Markup.Escape(pool.Name), "(none)", "", "", "", "");
                    continue;
                }

                foreach (var destination in list.EnumerateArray())
                {
                    var health = destination.Text("health");
                    var colour = health switch { "healthy" => "green", "unhealthy" => "red", _ => "grey" };
                    table.AddRow(
                        new Markup(Markup.Escape(pool.Name)),
                        new Markup(Markup.Escape(destination.Text("id"))),
                        new Markup(Markup.Escape(destination.Text("address"))),
                        new Markup($"[{colour}]{Markup.Escape(health)}[/]"),
                        new Markup(Markup.Escape(destination.Text("mode"))),
                        new Markup(Markup.Escape(destination.Text("inFlight"))));
                }
            }
        }

        return table;
    }
}
