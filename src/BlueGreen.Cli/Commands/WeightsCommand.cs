using System.CommandLine;
using BlueGreen.Cli.Parsing;

namespace BlueGreen.Cli.Commands;

/// <summary><c>bluegreen weights 95/5</c>: sets the split (PUT /api/v1/weights).</summary>
public static class WeightsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var split = new Argument<Split?>("BLUE/GREEN")
        {
            Description = "The weights of blue and green, e.g. 95/5 (at most two decimals, summing to 100)",
            CustomParser = result =>
            {
                if (SplitParser.TryParse(result.Tokens.Count > 0 ? result.Tokens[0].Value : null, out var value, out var error))
                {
                    return value;
                }

                result.AddError(error);
                return null;
            },
        };
        var command = new Command("weights", "Set the split between blue and green") { split, options.Reason };
        runner.Bind(command, (parse, context, cancellationToken) =>
        {
            var weights = parse.GetRequiredValue(split)!;
            return context.SendAsync(
                HttpMethod.Put,
                "api/v1/weights",
                new { blue = weights.Blue, green = weights.Green, reason = context.Reason },
                context.WriteStateSummary,
                cancellationToken);
        });
        return command;
    }
}
