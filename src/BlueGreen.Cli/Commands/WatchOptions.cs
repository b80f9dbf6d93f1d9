using System.CommandLine;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// <c>--watch</c> and <c>--until-end</c> of the status commands (<c>rollout status</c>, <c>rolling status</c>), and what
/// they run: the document once, or followed by a <see cref="DocumentWatcher"/>.
/// </summary>
public sealed class WatchOptions
{
    /// <summary>Creates the options; <paramref name="what"/> names what is followed, <paramref name="exitCodes"/> how the watch ends.</summary>
    public WatchOptions(string what, string exitCodes)
    {
        Watch = new("--watch", "-w") { Description = $"Follow the {what} until it ends: {exitCodes}" };
        UntilEnd = new("--until-end") { Description = $"With --watch: wait through pauses until the {what} ends" };
    }

    /// <summary><c>--watch</c>.</summary>
    public Option<bool> Watch { get; }

    /// <summary><c>--until-end</c>.</summary>
    public Option<bool> UntilEnd { get; }

    /// <summary>Adds both options to <paramref name="command"/>, and the rule that <c>--until-end</c> goes with <c>--watch</c>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Watch);
        command.Options.Add(UntilEnd);
        command.Validators.Add(result =>
        {
            if (result.GetResult(UntilEnd) is { Implicit: false } && result.GetResult(Watch) is null)
            {
                result.AddError("--until-end goes with --watch.");
            }
        });
    }

    /// <summary>Shows <paramref name="watched"/> once, or with <c>--watch</c> follows it until it ends; returns the exit code.</summary>
    public Task<int> RunAsync(ParseResult parse, CommandContext context, IWatchedDocument watched, CancellationToken cancellationToken) =>
        parse.GetValue(Watch)
            ? new DocumentWatcher(context, watched, parse.GetValue(UntilEnd)).RunAsync(cancellationToken)
            : context.SendAsync(HttpMethod.Get, watched.Path, null, document => context.Console.Write(watched.Panel(document)), cancellationToken);
}
