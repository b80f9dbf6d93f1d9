using System.Text.Json;
using BlueGreen.Cli.Api;
using BlueGreen.Cli.Rendering;
using Spectre.Console;

namespace BlueGreen.Cli.Commands;

/// <summary>What a command runs with: the API client, the output streams, and how to print (JSON, terminal or plain).</summary>
public sealed class CommandContext
{
    internal CommandContext(AdminApiClient api, TextWriter output, TextWriter error, bool json, bool outputIsTerminal, string? reason)
    {
        Api = api;
        Output = output;
        Error = error;
        Json = json;
        OutputIsTerminal = outputIsTerminal;
        Reason = reason;
        Console = ConsoleFactory.Create(output, outputIsTerminal);
    }

    /// <summary>The admin API.</summary>
    public AdminApiClient Api { get; }

    /// <summary>stdout.</summary>
    public TextWriter Output { get; }

    /// <summary>stderr.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether to print the server's JSON unchanged.</summary>
    public bool Json { get; }

    /// <summary>Whether stdout is a terminal (colours, live redraws) rather than a pipe or a file (plain lines).</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>The <c>--reason</c> given, if any.</summary>
    public string? Reason { get; }

    /// <summary>The Spectre console over stdout.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>
    /// Sends a request and finishes the command: a refusal goes to stderr as one line (exit 1); with <c>--json</c>
    /// the body goes to stdout unchanged; otherwise <paramref name="render"/> draws the answer.
    /// </summary>
    public async Task<int> SendAsync(HttpMethod method, string path, object? body, Action<JsonElement> render, CancellationToken cancellationToken)
    {
        var response = await Api.SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            return Refused(response);
        }

        if (Json)
        {
            await Output.WriteLineAsync(response.Body).ConfigureAwait(false);
        }
        else
        {
            render(response.Document);
        }

        return ExitCodes.Done;
    }

    /// <summary>Writes the server's refusal to stderr in one line; returns exit code 1.</summary>
    public int Refused(ApiResponse response)
    {
        Error.WriteLine($"error: {ProblemLine.Format(response.StatusCode, response.Body)}");
        return ExitCodes.Refused;
    }

    /// <summary>Prints <paramref name="lines"/> on stdout.</summary>
    public void WriteLines(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Output.WriteLine(line);
        }
    }

    /// <summary>Prints one line of the state a write produced.</summary>
    public void WriteStateSummary(JsonElement state) => Output.WriteLine(StateRenderer.SummaryLine(state));
}
