using System.CommandLine;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen rollback</c>: 100 % back to the stable pool, aborting any rollout (POST /api/v1/rollback).</summary>
public static class RollbackCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var command = new Command("rollback", "Send all traffic back to the stable pool at once (aborts a running rollout)") { options.Reason };
        runner.Bind(command, (_, context, cancellationToken) =>
            context.SendAsync(HttpMethod.Post, "api/v1/rollback", new { reason = context.Reason }, context.WriteStateSummary, cancellationToken));
        return command;
    }
}
