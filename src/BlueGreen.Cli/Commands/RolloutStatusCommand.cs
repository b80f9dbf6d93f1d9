using System.CommandLine;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen rollout status [--watch] [--until-end]</c>: the current (or last) rollout, once or followed to its end.</summary>
public static class RolloutStatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var watch = new WatchOptions("rollout", "exit 0 when promoted, 4 when rolled back or aborted, 5 when it pauses");
        var command = new Command("status", "Show the current rollout (or the last one)");
        watch.AddTo(command);
        runner.Bind(command, (parse, context, cancellationToken) => watch.RunAsync(parse, context, new WatchedRollout(), cancellationToken));
        return command;
    }
}
