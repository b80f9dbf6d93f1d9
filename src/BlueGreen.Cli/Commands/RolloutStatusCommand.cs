using System.CommandLine;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen rollout status [--watch] [--until-end]</c>: the current (or last) rollout, once or followed to its end.</summary>
public static class RolloutStatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var watch = new Option<bool>("--watch", "-w")
        {
            Description = "Follow the rollout until it ends: exit 0 when promoted, 4 when rolled back or aborted, 5 when it pauses",
        };
        var untilEnd = new Option<bool>("--until-end") { Description = "With --watch: wait through pauses until the rollout ends" };
        var command = new Command("status", "Show the current rollout (or the last one)") { watch, untilEnd };
        command.Validators.Add(result =>
        {
            if (result.GetResult(untilEnd) is { Implicit: false } && result.GetResult(watch) is null)
            {
                result.AddError("--until-end goes with --watch.");
            }
        });
        runner.Bind(command, (parse, context, cancellationToken) =>
            parse.GetValue(watch)
                ? new RolloutWatcher(context, parse.GetValue(untilEnd)).RunAsync(cancellationToken)
                : context.SendAsync(HttpMethod.Get, RolloutWatcher.CurrentPath, null, rollout => context.Console.Write(RolloutRenderer.Build(rollout)), cancellationToken));
        return command;
    }
}
