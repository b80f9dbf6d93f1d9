using System.CommandLine;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen switch POOL</c>: 100 % to a pool, which becomes stable (POST /api/v1/switch).</summary>
public static class SwitchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var pool = new Argument<string>("POOL") { Description = "blue or green" };
        var command = new Command("switch", "Send all traffic to a pool, which becomes the stable pool") { pool, options.Reason };
        runner.Bind(command, (parse, context, cancellationToken) =>
            context.SendAsync(
                HttpMethod.Post,
                "api/v1/switch",
                new { to = parse.GetRequiredValue(pool), reason = context.Reason },
                context.WriteStateSummary,
                cancellationToken));
        return command;
    }
}
