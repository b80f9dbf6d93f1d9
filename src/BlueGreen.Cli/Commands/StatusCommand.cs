using System.CommandLine;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen status</c>: both pools, the split and the rollout.</summary>
public static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("status", "Show both pools (destinations with health, mode, in-flight), the split and the rollout");
        runner.Bind(command, (_, context, cancellationToken) =>
            context.SendAsync(HttpMethod.Get, "api/v1/state", null, state => StateRenderer.Render(context.Console, state), cancellationToken));
        return command;
    }
}
