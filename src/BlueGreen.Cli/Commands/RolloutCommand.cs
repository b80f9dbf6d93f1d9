using System.CommandLine;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen rollout start|status|pause|resume|promote|abort</c>: progressive rollouts.</summary>
public static class RolloutCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var group = new Command("rollout", "Start, follow and steer a progressive rollout")
        {
            RolloutStartCommand.Create(options, runner),
            RolloutStatusCommand.Create(runner),
            Control(options, runner, "pause", "Hold the rollout at its step"),
            Control(options, runner, "resume", "Start the paused step again (clock and counts)"),
            Control(options, runner, "promote", "Send all traffic to the canary now; it becomes stable"),
            Control(options, runner, "abort", "Return to the stable pool (through the ramp down when one was given)"),
        };
        return group;
    }

    private static Command Control(GlobalOptions options, CommandRunner runner, string name, string description)
    {
        var command = new Command(name, description) { options.Reason };
        runner.Bind(command, (_, context, cancellationToken) =>
            context.SendAsync(
                HttpMethod.Post,
                $"api/v1/rollouts/current/{name}",
                new { reason = context.Reason },
                rollout => context.Output.WriteLine(RolloutRenderer.PlainLine(rollout)),
                cancellationToken));
        return command;
    }
}
