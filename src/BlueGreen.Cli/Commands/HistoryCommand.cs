using System.CommandLine;
using System.Globalization;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen history [--limit N]</c>: the audit events, newest first.</summary>
public static class HistoryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var limit = new Option<int?>("--limit") { Description = "How many events, 1-1000 [default: the server's, 100]" };
        var command = new Command("history", "Show the audit history, newest first") { limit };
        runner.Bind(command, (parse, context, cancellationToken) =>
        {
            var path = parse.GetValue(limit) is { } n ? string.Create(CultureInfo.InvariantCulture, $"api/v1/history?limit={n}") : "api/v1/history";
            return context.SendAsync(HttpMethod.Get, path, null, events => context.Console.Write(HistoryRenderer.Build(events)), cancellationToken);
        });
        return command;
    }
}
