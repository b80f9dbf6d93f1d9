using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Admin.Documents;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// What a step must also pass before the rollout moves on: its Prometheus checks (a value out of bounds fails it; no
/// answer makes it wait), then its <c>pre-step</c> webhooks (or <c>pre-promotion</c> before the promotion), each of
/// which must answer 2xx within its timeout, else the step fails naming the webhook, its status and the start of its
/// answer. Gates are never retried by a webhook call: a failed gate fails the step.
/// </summary>
internal sealed class RolloutGates
{
    private readonly PrometheusQueryClient _prometheus;
    private readonly WebhookSender _webhooks;

    public RolloutGates(PrometheusQueryClient prometheus, WebhookSender webhooks)
    {
        _prometheus = prometheus;
        _webhooks = webhooks;
    }

    /// <summary>Checks the gates of <paramref name="rollout"/> before it moves on (to a next step, or the promotion).</summary>
    public async Task<GateVerdict> CheckAsync(RoutingSnapshot snapshot, Rollout rollout, RolloutAnalysis analysis, CancellationToken cancellationToken)
    {
        var plan = rollout.Plan;
        foreach (var check in plan.Queries)
        {
            var (value, problem) = await _prometheus.QueryAsync(check.QueryFor(plan.To, rollout.From), cancellationToken).ConfigureAwait(false);
            if (value is not { } number)
            {
                return new GateVerdict(Verdict.Waiting, $"query {check.Name} has no value: {problem}");
            }

            if (check.Breach(number) is { } breach)
            {
                return new GateVerdict(Verdict.Fail, breach);
            }
        }

        var type = plan.IsPromotion(rollout.Step + 1) ? WebhookType.PrePromotion : WebhookType.PreStep;
        var document = RolloutDocumentFactory.Create(snapshot, rollout, analysis);
        foreach (var hook in plan.Webhooks.Where(h => h.Type == type))
        {
            if (await CallAsync(hook, document, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                return new GateVerdict(Verdict.Fail, refusal);
            }
        }

        return GateVerdict.Open;
    }

    /// <summary>Calls one gate; null when it answered 2xx in time, else why not.</summary>
    private Task<string?> CallAsync(RolloutWebhook hook, RolloutDocument document, CancellationToken cancellationToken) =>
        _webhooks.CallAsync(
            hook.Url, $"{hook.Type.Name()} webhook {hook.Name}", hook.Type.Name(), document, AdminJsonContext.Default.RolloutDocument, hook.Timeout, cancellationToken);
}
