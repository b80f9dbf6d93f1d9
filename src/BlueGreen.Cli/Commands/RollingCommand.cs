using System.CommandLine;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen rolling start|status|continue|pause|resume|abort POOL</c>: rolling updates of a pool's destinations.</summary>
public static class RollingCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var group = new Command("rolling", "Start, follow and steer a rolling update of a pool's destinations")
        {
            RollingStartCommand.Create(options, runner),
            RollingStatusCommand.Create(runner),
            Control(options, runner, "continue", "Tell the update that the waiting batch is updated: it goes back in rotation and is judged"),
            Control(options, runner, "pause", "Hold the update where it stands"),
            Control(options, runner, "resume", "Go on from where the update was paused"),
            Control(options, runner, "abort", "End the update: a draining batch goes back in rotation, one being updated stays drained, later ones are not touched"),
        };
        return group;
    }

    private static Command Control(GlobalOptions options, CommandRunner runner, string name, string description)
    {
        var pool = new Argument<string>("POOL") { Description = "blue or green" };
        var command = new Command(name, description) { pool, options.Reason };
        runner.Bind(command, (parse, context, cancellationToken) =>
            context.SendAsync(
                HttpMethod.Post,
                $"{WatchedRolling.CurrentPath(parse.GetRequiredValue(pool))}/{name}",
                new { reason = context.Reason },
                rolling => context.WriteLines(RollingRenderer.PlainLines(rolling)),
                cancellationToken));
        return command;
    }
}
