using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>POST /api/v1/rollouts</c> (contract, section Rollouts).</summary>
internal sealed class StartRolloutRequest : AdminWriteRequest
{
    /// <summary>The wire names of <see cref="FailureAction"/>.</summary>
    public static readonly IReadOnlyDictionary<string, FailureAction> FailureActions =
        new Dictionary<string, FailureAction>(StringComparer.Ordinal) { ["rollback"] = FailureAction.Rollback, ["pause"] = FailureAction.Pause };

    public string? To { get; set; }

    public List<decimal>? Steps { get; set; }

    public TimeSpan? StepInterval { get; set; }

    public RolloutAnalysisRequest? Analysis { get; set; }

    public string? OnFailure { get; set; }

    public RampDownRequest? RampDown { get; set; }

    public List<WebhookRequest>? Webhooks { get; set; }

    private static RolloutWebhook ToWebhook(WebhookRequest hook) =>
        WebhookTypeNames.TryParse(hook.Type, out var type) && Uri.TryCreate(hook.Url, UriKind.Absolute, out var url)
            ? new RolloutWebhook(hook.Name!, type, url, hook.Timeout ?? RolloutWebhook.DefaultTimeout)
            : throw new InvalidOperationException($"The rollout validator accepted webhook '{hook.Name}', which is not one.");

    /// <summary>The plan of a request its validator accepted.</summary>
    /// <exception cref="InvalidOperationException">It is not a plan: the validator and this disagree.</exception>
    public RolloutPlan ToPlan()
    {
        if (!PoolNames.TryParse(To, out var to) || Steps is null || StepInterval is not { } interval ||
            !FailureActions.TryGetValue(OnFailure ?? "rollback", out var onFailure))
        {
            throw new InvalidOperationException("The rollout validator accepted a body that is not a plan.");
        }

        var analysis = Analysis ?? new RolloutAnalysisRequest();
        var plan = new RolloutPlan(
            to,
            [.. Steps.Select(step => (int)(step * 100))],
            interval,
            analysis.ToSettings(),
            onFailure,
            RampDown is { Percent: { } percent, Interval: { } every } ? new RampDown(percent, every) : null)
        {
            Queries = [.. (analysis.Queries ?? []).Select(q => new PrometheusCheck(q.Name!, q.Query!, q.Max, q.Min))],
            Webhooks = [.. (Webhooks ?? []).Select(ToWebhook)],
        };
        return plan.HasValidSteps ? plan : throw new InvalidOperationException("The rollout validator accepted steps that are not a plan's.");
    }
}
