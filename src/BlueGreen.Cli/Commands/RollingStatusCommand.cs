using System.CommandLine;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen rolling status POOL [--watch] [--until-end]</c>: a pool's current (or last) rolling update, once or followed to its end.</summary>
public static class RollingStatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var pool = new Argument<string>("POOL") { Description = "blue or green" };
        var watch = new WatchOptions(
            "rolling update",
            "exit 0 when completed, 4 when stopped or aborted, 5 when it pauses; it goes on while a batch waits for 'bluegreen rolling continue'");
        var command = new Command("status", "Show a pool's current rolling update (or its last one)") { pool };
        watch.AddTo(command);
        runner.Bind(command, (parse, context, cancellationToken) =>
            watch.RunAsync(parse, context, new WatchedRolling(parse.GetRequiredValue(pool)), cancellationToken));
        return command;
    }
}
