using BlueGreen.Core.Rolling;
using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>
/// A rolling update's body: a batch that is a count or a percentage, durations in range, an absolute http(s) update
/// URL, analysis settings in range (no Prometheus queries or dry run: a batch is judged on the proxy's own figures),
/// and no unknown field at any level. Whether the batch leaves a destination in rotation depends on the pool, and is
/// checked against it.
/// </summary>
internal sealed class StartRollingRequestValidator : AdminWriteRequestValidator<StartRollingRequest>
{
    /// <summary>The longest a drain, a pause or a health wait may be asked to take.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    public StartRollingRequestValidator()
        : base("'{0}' is not a field of a rolling update.")
    {
        RuleFor(r => r.Batch).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("is required: how many destinations each batch updates, a count such as 2 or a share such as \"20%\".")
            .Must((request, _) => request.TryReadBatch(out var _, out var _))
            .WithMessage(r => $"must be a whole count of at least 1 or a percentage such as \"20%\" (above 0, at most 100); got {r.Batch}.")
            .OverridePropertyName("batch");
        Duration(r => r.Pause, "pause", allowZero: true);
        Duration(r => r.DrainTimeout, "drainTimeout", allowZero: true);
        Duration(r => r.HealthTimeout, "healthTimeout", allowZero: false);
        When(r => r.Update is not null, () =>
        {
            RuleFor(r => r.Update!.Url)
                .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                .WithMessage(r => $"'{r.Update!.Url}' must be an absolute http:// or https:// URL.")
                .OverridePropertyName("update.url");
            RuleFor(r => r.Update!.Timeout)
                .Must(timeout => timeout is null || (timeout > TimeSpan.Zero && timeout <= UpdateHook.MaxTimeout))
                .WithMessage(r => $"must be longer than zero and at most {UpdateHook.MaxTimeout}; got {r.Update!.Timeout}.")
                .OverridePropertyName("update.timeout");
            RuleFor(r => r.Update!.Unknown).Custom((unknown, context) =>
            {
                foreach (var field in unknown?.Keys ?? Enumerable.Empty<string>())
                {
                    context.AddFailure($"update.{field}", $"'{field}' is not a field of update.");
                }
            });
        });
        When(r => r.Analysis is not null, () => RuleFor(r => r.Analysis).Custom((analysis, context) =>
        {
            foreach (var (field, message) in analysis!.Problems())
            {
                context.AddFailure(field, message);
            }

            if (analysis.Queries is not null)
            {
                context.AddFailure("analysis.queries", "a rolling update judges its batches on the proxy's own figures; Prometheus queries are for rollouts.");
            }

            if (analysis.DryRun is not null)
            {
                context.AddFailure("analysis.dryRun", "a rolling update acts on a failed batch; a dry run is for rollouts.");
            }
        }));
    }

    private void Duration(System.Linq.Expressions.Expression<Func<StartRollingRequest, TimeSpan?>> get, string field, bool allowZero) =>
        RuleFor(get)
            .Must(value => value is null || ((allowZero ? value >= TimeSpan.Zero : value > TimeSpan.Zero) && value <= MaxWait))
            .WithMessage((_, value) => $"must be {(allowZero ? "zero or more" : "longer than zero")} and at most {MaxWait}; got {value}.")
            .OverridePropertyName(field);
}
