using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>
/// A rollout's body: a pool to go to, steps that are shares of 0.01 % to 100 % with at most two decimals, strictly
/// increasing and ending at 100, a positive step interval, analysis settings in range, a known failure action and
/// ramp down, and no unknown field at any level. Whether <c>to</c> is the stable pool depends on the state, and is
/// checked against it.
/// </summary>
internal sealed class StartRolloutRequestValidator : AdminWriteRequestValidator<StartRolloutRequest>
{
    /// <summary>The longest a gate may make a step wait for its answer.</summary>
    public static readonly TimeSpan MaxWebhookTimeout = TimeSpan.FromMinutes(10);

    public StartRolloutRequestValidator(BlueGreenOptions options)
        : base("'{0}' is not a field of a rollout.")
    {
        var prometheus = options.Analysis.PrometheusUrl;
        RuleFor(r => r.To).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required: the pool to roll out to, blue or green.")
            .Must(to => PoolNames.TryParse(to, out _)).WithMessage(r => $"'{r.To}' is not a pool; the pools are blue and green.")
            .OverridePropertyName("to");
        RuleFor(r => r.Steps).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required: the canary's share at each step, e.g. [5, 25, 50, 100].")
            .Must(steps => steps!.All(step => step is > 0 and <= 100)).WithMessage(r => $"each step must be above 0 and at most 100; got [{Join(r.Steps)}].")
            .Must(steps => steps!.All(PoolWeights.IsValidPercent)).WithMessage(r => $"each step has at most two decimals; got [{Join(r.Steps)}].")
            .Must(steps => steps!.Zip(steps!.Skip(1)).All(pair => pair.First < pair.Second)).WithMessage(r => $"steps must be strictly increasing; got [{Join(r.Steps)}].")
            .Must(steps => steps![^1] == 100).WithMessage(r => $"the last step must be 100 (the promotion); got [{Join(r.Steps)}].")
            .OverridePropertyName("steps");
        RuleFor(r => r.StepInterval).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("is required: how long each step lasts at least, e.g. \"00:00:30\".")
            .Must(interval => interval > TimeSpan.Zero).WithMessage(r => $"must be longer than zero; got {r.StepInterval}.")
            .OverridePropertyName("stepInterval");
        RuleFor(r => r.OnFailure)
            .Must(value => value is null || StartRolloutRequest.FailureActions.ContainsKey(value))
            .WithMessage(r => $"'{r.OnFailure}' is not a failure action; use rollback or pause.")
            .OverridePropertyName("onFailure");
        RuleFor(r => r.Webhooks).Custom((hooks, context) => Webhooks(hooks ?? [], context));
        When(r => r.Analysis is not null, () =>
        {
            RuleFor(r => r.Analysis).Custom((analysis, context) =>
            {
                foreach (var (field, message) in analysis!.Problems())
                {
                    context.AddFailure(field, message);
                }
            });
            RuleFor(r => r.Analysis!.Queries).Custom((queries, context) => Queries(queries ?? [], prometheus, context));
        });
        When(r => r.RampDown is not null, () =>
        {
            RuleFor(r => r.RampDown!.Percent).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("is required: the part of the canary's share each stage takes away, e.g. 50.")
                .Must(percent => percent is > 0 and <= 100 && PoolWeights.IsValidPercent(percent.Value))
                .WithMessage(r => $"must be above 0 and at most 100, with at most two decimals; got {r.RampDown!.Percent}.")
                .OverridePropertyName("rampDown.percent");
            RuleFor(r => r.RampDown!.Interval).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("is required: how long each stage lasts, e.g. \"00:00:05\".")
                .Must(interval => interval > TimeSpan.Zero).WithMessage(r => $"must be longer than zero; got {r.RampDown!.Interval}.")
                .OverridePropertyName("rampDown.interval");
            RuleFor(r => r.RampDown!.Unknown).Custom((unknown, context) => Unknown(unknown, "rampDown", context));
        });
    }

    private static void Queries(List<QueryRequest> queries, string prometheus, ValidationContext<StartRolloutRequest> context)
    {
        if (queries.Count > 0 && prometheus.Length == 0)
        {
            context.AddFailure("analysis.queries", "queries need a Prometheus server: start BlueGreen with BlueGreen:Analysis:PrometheusUrl.");
        }

        for (var i = 0; i < queries.Count; i++)
        {
            var (query, field) = (queries[i], $"analysis.queries[{i}]");
            if (string.IsNullOrWhiteSpace(query.Name))
            {
                context.AddFailure($"{field}.name", "is required: the check's name.");
            }
            else if (queries.Take(i).Any(q => q.Name == query.Name))
            {
                context.AddFailure($"{field}.name", $"'{query.Name}' is the name of another query.");
            }

            if (string.IsNullOrWhiteSpace(query.Query))
            {
                context.AddFailure($"{field}.query", "is required: a PromQL expression.");
            }

            if (query.Max is null && query.Min is null)
            {
                context.AddFailure($"{field}.max", "is required (or min): the bound the query's value must keep.");
            }
            else if (query.Max < query.Min)
            {
                context.AddFailure($"{field}.max", $"{query.Max} is below min {query.Min}.");
            }

            Unknown(query.Unknown, field, context);
        }
    }

    private static void Webhooks(List<WebhookRequest> hooks, ValidationContext<StartRolloutRequest> context)
    {
        for (var i = 0; i < hooks.Count; i++)
        {
            var (hook, field) = (hooks[i], $"webhooks[{i}]");
            if (string.IsNullOrWhiteSpace(hook.Name))
            {
                context.AddFailure($"{field}.name", "is required: the webhook's name.");
            }
            else if (hooks.Take(i).Any(h => h.Name == hook.Name))
            {
                context.AddFailure($"{field}.name", $"'{hook.Name}' is the name of another webhook.");
            }

            if (!WebhookTypeNames.TryParse(hook.Type, out _))
            {
                context.AddFailure($"{field}.type", $"'{hook.Type}' is not a webhook type; use {string.Join(", ", WebhookTypeNames.All)}.");
            }

            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                context.AddFailure($"{field}.url", $"'{hook.Url}' must be an absolute http:// or https:// URL.");
            }

            if (hook.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxWebhookTimeout))
            {
                context.AddFailure($"{field}.timeout", $"must be longer than zero and at most {MaxWebhookTimeout}; got {timeout}.");
            }

            Unknown(hook.Unknown, field, context);
        }
    }

    private static void Unknown(Dictionary<string, System.Text.Json.JsonElement>? unknown, string parent, ValidationContext<StartRolloutRequest> context)
    {
        foreach (var field in unknown?.Keys ?? Enumerable.Empty<string>())
        {
            context.AddFailure($"{parent}.{field}", $"'{field}' is not a field of {parent}.");
        }
    }

    private static string Join(IEnumerable<decimal>? steps) =>
        string.Join(", ", (steps ?? []).Select(step => step.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
