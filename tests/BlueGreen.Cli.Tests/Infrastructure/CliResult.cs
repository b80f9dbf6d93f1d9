using System.Text.Json;

namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>What a run of the CLI process left: its exit code, stdout and stderr.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>stdout parsed as JSON (for <c>--json</c>).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
