using Spectre.Console;

namespace BlueGreen.Cli.Rendering;

/// <summary>Spectre consoles over stdout: colours and live redraws on a terminal; plain text, no colours, fixed width otherwise.</summary>
public static class ConsoleFactory
{
    /// <summary>The width of plain output (pipes and files), wide enough for a destination's address.</summary>
    public const int PlainWidth = 120;

    /// <summary>A console writing to <paramref name="output"/>.</summary>
    public static IAnsiConsole Create(TextWriter output, bool outputIsTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = outputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = outputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = outputIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!outputIsTerminal)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }
}
