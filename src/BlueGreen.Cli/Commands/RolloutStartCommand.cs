using System.CommandLine;
using System.CommandLine.Parsing;
using BlueGreen.Cli.Parsing;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// <c>bluegreen rollout start POOL</c>: steps from <c>--steps</c> with <c>--interval</c>, or the CodeDeploy-style
/// <c>--linear N --every D</c> or <c>--canary N --for D</c>; analysis, failure and ramp-down options as the API has them.
/// </summary>
public static class RolloutStartCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions options, CommandRunner runner)
    {
        var pool = new Argument<string>("POOL") { Description = "The canary pool (not the stable one): blue or green" };
        var steps = ValueOptions.Steps("--steps", "The canary's percentages, strictly increasing, ending at 100, e.g. 5,25,50,100", "LIST", StepsParser.TryParse);
        var interval = ValueOptions.Duration("--interval", "How long each step lasts at least: 500ms, 30s, 5m, 1h or hh:mm:ss");
        var linear = ValueOptions.Steps("--linear", "Steps of N % each: N, 2N, ... 100 (with --every)", "N", StepsParser.TryLinear);
        var every = ValueOptions.Duration("--every", "The interval of --linear");
        var canary = ValueOptions.Steps("--canary", "N %, then 100 % (with --for)", "N", StepsParser.TryCanary);
        var forDuration = ValueOptions.Duration("--for", "How long --canary holds its first step");
        var analysis = new AnalysisOptions("the canary", "a step");
        var dryRun = new Option<bool>("--dry-run") { Description = "Judge and report, never act" };
        var onFailure = new Option<string?>("--on-failure") { Description = "What a failed step does [server default: rollback]" };
        onFailure.AcceptOnlyFromAmong("rollback", "pause");
        var rampDown = ValueOptions.RampDown("--ramp-down", "Roll back in stages: the canary loses PERCENT % every INTERVAL, e.g. 50/5s");

        var command = new Command("start", "Start a progressive rollout to a pool") { pool, steps, interval, linear, every, canary, forDuration };
        analysis.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(onFailure);
        command.Options.Add(rampDown);
        command.Options.Add(options.Reason);
        command.Validators.Add(result => Validate(result, steps, interval, linear, every, canary, forDuration));

        runner.Bind(command, (parse, context, cancellationToken) =>
        {
            var plan = parse.GetValue(steps) ?? parse.GetValue(linear) ?? parse.GetValue(canary)!;
            var stepInterval = parse.GetValue(interval) ?? parse.GetValue(every) ?? parse.GetValue(forDuration)!.Value;
            var ramp = parse.GetValue(rampDown);
            var body = new
            {
                to = parse.GetRequiredValue(pool),
                steps = plan,
                stepInterval = DurationParser.Format(stepInterval),
                analysis = analysis.Read(parse, dryRun: parse.GetValue(dryRun) ? true : null),
                onFailure = parse.GetValue(onFailure),
                rampDown = ramp is null ? null : new { percent = ramp.Percent, interval = DurationParser.Format(ramp.Interval) },
                reason = context.Reason,
            };
            return context.SendAsync(
                HttpMethod.Post,
                "api/v1/rollouts",
                body,
                rollout => context.Output.WriteLine(RolloutRenderer.PlainLine(rollout)),
                cancellationToken);
        });
        return command;
    }

    private static void Validate(CommandResult result, Option steps, Option interval, Option linear, Option every, Option canary, Option forDuration)
    {
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        var forms = new[] { steps, linear, canary }.Count(Given);
        if (forms > 1)
        {
            result.AddError("--steps, --linear and --canary are mutually exclusive: give one of them.");
            return;
        }

        if (forms == 0)
        {
            result.AddError("Give the steps: --steps 5,25,50,100 --interval 30s, or --linear 10 --every 1m, or --canary 10 --for 5m.");
            return;
        }

        if (Given(steps) && !Given(interval))
        {
            result.AddError("--steps needs --interval (e.g. --interval 30s).");
        }

        if (Given(linear) && !Given(every))
        {
            result.AddError("--linear needs --every (e.g. --every 1m).");
        }

        if (Given(canary) && !Given(forDuration))
        {
            result.AddError("--canary needs --for (e.g. --for 5m).");
        }

        if (Given(interval) && !Given(steps))
        {
            result.AddError("--interval goes with --steps; --linear takes --every and --canary takes --for.");
        }

        if (Given(every) && !Given(linear))
        {
            result.AddError("--every goes with --linear.");
        }

        if (Given(forDuration) && !Given(canary))
        {
            result.AddError("--for goes with --canary.");
        }
    }
}
