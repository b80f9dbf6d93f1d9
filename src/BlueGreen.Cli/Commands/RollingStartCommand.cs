using System.CommandLine;
using System.CommandLine.Parsing;
using BlueGreen.Cli.Parsing;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// <c>bluegreen rolling start POOL --batch 2|20%</c>: a rolling update of a pool, batch by batch, with the pause,
/// timeouts, update webhook and analysis options as the API has them.
/// </summary>
public static class RollingStartCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var pool = new Argument<string>("POOL") { Description = "The pool to update, a batch of destinations at a time: blue or green" };
        var batch = ValueOptions.Batch("--batch", "How many destinations each batch takes out of rotation: a count (2) or a share of the pool (20%)");
        batch.Required = true;
        var pause = ValueOptions.Duration(
            "--pause", "How long an updated batch serves, judged, before the next starts: 0s, 30s, 5m or hh:mm:ss [server default: 30s]", allowZero: true);
        var drainTimeout = ValueOptions.Duration(
            "--drain-timeout", "How long a batch's in-flight requests may take to finish [server default: BlueGreen:Drain:Timeout]", allowZero: true);
        var healthTimeout = ValueOptions.Duration("--health-timeout", "How long an updated batch may take to be healthy [server default: 1m]");
        var updateUrl = new Option<string?>("--update-url")
        {
            Description = "The webhook that updates a batch (POST { pool, batch, destinations }); without it each batch waits for 'bluegreen rolling continue POOL'",
            HelpName = "URL",
        };
        updateUrl.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"--update-url: '{value}' is not an http:// or https:// address, e.g. http://deployer:8000/update.");
            }
        });
        var updateTimeout = ValueOptions.Duration("--update-timeout", "How long the webhook may take to update a batch [server default: 5m]");
        var analysis = new AnalysisOptions("the updated destinations", "a batch");

        var command = new Command("start", "Start a rolling update of a pool: batch by batch drained, updated, enabled, found healthy and judged")
        {
            pool, batch, pause, drainTimeout, healthTimeout, updateUrl, updateTimeout,
        };
        analysis.AddTo(command);
        command.Options.Add(options.Reason);
        command.Validators.Add(result => Validate(result, updateUrl, updateTimeout));

        runner.Bind(command, (parse, context, cancellationToken) =>
        {
            var url = parse.GetValue(updateUrl);
            var body = new
            {
                batch = parse.GetRequiredValue(batch)!.ToApi(),
                pause = Format(parse.GetValue(pause)),
                drainTimeout = Format(parse.GetValue(drainTimeout)),
                healthTimeout = Format(parse.GetValue(healthTimeout)),
                update = url is null ? null : new { url, timeout = Format(parse.GetValue(updateTimeout)) },
                analysis = analysis.Read(parse),
                reason = context.Reason,
            };
            return context.SendAsync(
                HttpMethod.Post,
                WatchedRolling.StartPath(parse.GetRequiredValue(pool)),
                body,
                rolling => context.WriteLines(RollingRenderer.PlainLines(rolling)),
                cancellationToken);
        });
        return command;
    }

    private static string? Format(TimeSpan? duration) => duration is { } d ? DurationParser.Format(d) : null;

    private static void Validate(CommandResult result, Option updateUrl, Option updateTimeout)
    {
        if (result.GetResult(updateTimeout) is { Implicit: false } && result.GetResult(updateUrl) is null)
        {
            result.AddError("--update-timeout goes with --update-url (without a webhook, each batch waits for 'bluegreen rolling continue POOL').");
        }
    }
}
