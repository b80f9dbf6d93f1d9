using System.CommandLine;
using BlueGreen.Cli.Api;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// Runs a command's body with what it needs (token, client, outputs) and turns failures into exit codes:
/// a <see cref="CliException"/> into its code with its message on stderr, Ctrl+C into 130.
/// </summary>
public sealed class CommandRunner
{
    private readonly GlobalOptions _options;
    private readonly TokenSource _tokens;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly bool _outputIsTerminal;

    /// <summary>Creates the runner.</summary>
    public CommandRunner(GlobalOptions options, TokenSource tokens, TextWriter output, TextWriter error, bool outputIsTerminal)
    {
        _options = options;
        _tokens = tokens;
        _output = output;
        _error = error;
        _outputIsTerminal = outputIsTerminal;
    }

    /// <summary>Gives <paramref name="command"/> an action that runs <paramref name="body"/>.</summary>
    public void Bind(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parse, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var token = _tokens.Resolve(parse.GetValue(_options.Token));
            var url = new Uri(parse.GetValue(_options.Url) ?? GlobalOptions.DefaultUrl);
            using var api = new AdminApiClient(url, token);
            var reason = parse.CommandResult.Command.Options.Contains(_options.Reason) ? parse.GetValue(_options.Reason) : null;
            var context = new CommandContext(api, _output, _error, parse.GetValue(_options.Json), _outputIsTerminal, reason);
            return await body(parse, context, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
