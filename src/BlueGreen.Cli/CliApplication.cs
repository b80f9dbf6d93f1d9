using System.CommandLine;
using BlueGreen.Cli.Commands;

namespace BlueGreen.Cli;

/// <summary>The <c>bluegreen</c> command line: builds the commands, parses, and runs one, returning the exit code.</summary>
public static class CliApplication
{
    /// <summary>Runs <paramref name="args"/>; parse errors go to <paramref name="error"/> with exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool outputIsTerminal = false, TokenSource? tokens = null)
    {
        var options = new GlobalOptions();
        var runner = new CommandRunner(options, tokens ?? TokenSource.ForProcess(), output, error, outputIsTerminal);
        var root = BuildRoot(options, runner);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("See 'bluegreen --help' (or 'bluegreen COMMAND --help').").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }

    /// <summary>The root command with every subcommand of the contract.</summary>
    public static RootCommand BuildRoot(GlobalOptions options, CommandRunner runner)
    {
        var root = new RootCommand("bluegreen: the BlueGreen admin CLI (exit codes: 0 done, 1 refused by the server, 2 bad usage, 3 server unreachable, 4 rolled back, stopped or aborted, 5 paused)")
        {
            options.Url,
            options.Token,
            options.Json,
            StatusCommand.Create(runner),
            WeightsCommand.Create(options, runner),
            SwitchCommand.Create(options, runner),
            RollbackCommand.Create(options, runner),
            RolloutCommand.Create(options, runner),
            RollingCommand.Create(options, runner),
            DestinationsCommand.Create(options, runner),
            HistoryCommand.Create(runner),
        };
        return root;
    }
}
