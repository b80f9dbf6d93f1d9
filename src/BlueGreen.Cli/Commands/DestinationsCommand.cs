using System.CommandLine;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen destinations add|drain|enable|remove POOL ID [ADDRESS]</c>: pool membership.</summary>
public static class DestinationsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var group = new Command("destinations", "Add, drain, enable or remove a pool's destinations");

        var addPool = PoolArgument();
        var addId = IdArgument();
        var address = new Argument<string>("ADDRESS") { Description = "The destination's absolute address, e.g. http://10.0.0.7:8000" };
        var add = new Command("add", "Add a destination; it serves from the next request") { addPool, addId, address, options.Reason };
        runner.Bind(add, (parse, context, cancellationToken) =>
            context.SendAsync(
                HttpMethod.Post,
                $"api/v1/pools/{Uri.EscapeDataString(parse.GetRequiredValue(addPool))}/destinations",
                new { id = parse.GetRequiredValue(addId), address = parse.GetRequiredValue(address), reason = context.Reason },
                state => Render(context, state),
                cancellationToken));
        group.Add(add);

        group.Add(Change(options, runner, "drain", HttpMethod.Post, "/drain", "Stop sending new requests to a destination; in-flight ones finish"));
        group.Add(Change(options, runner, "enable", HttpMethod.Post, "/enable", "Put a drained destination back in rotation"));
        group.Add(Change(options, runner, "remove", HttpMethod.Delete, "", "Drain a destination, then remove it once its in-flight requests are done"));
        return group;
    }

    private static Command Change(GlobalOptions options, CommandRunner runner, string name, HttpMethod method, string suffix, string description)
    {
        var pool = PoolArgument();
        var id = IdArgument();
        var command = new Command(name, description) { pool, id, options.Reason };
        runner.Bind(command, (parse, context, cancellationToken) =>
            context.SendAsync(
                method,
                $"api/v1/pools/{Uri.EscapeDataString(parse.GetRequiredValue(pool))}/destinations/{Uri.EscapeDataString(parse.GetRequiredValue(id))}{suffix}",
                new { reason = context.Reason },
                state => Render(context, state),
                cancellationToken));
        return command;
    }

    private static void Render(CommandContext context, System.Text.Json.JsonElement state)
    {
        context.WriteStateSummary(state);
        context.Console.Write(StateRenderer.Pools(state));
    }

    private static Argument<string> PoolArgument() => new("POOL") { Description = "blue or green" };

    private static Argument<string> IdArgument() => new("ID") { Description = "The destination's id, e.g. green-2" };
}
