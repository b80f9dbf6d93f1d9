using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Rolling;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>Builds the rolling document: a running update shows its phase's live judgement (from the driver), an ended one its last.</summary>
internal sealed class RollingDocumentFactory
{
    private readonly RollingDriver _driver;

    public RollingDocumentFactory(RollingDriver driver)
    {
        _driver = driver;
    }

    public RollingDocument Create(RollingUpdate update)
    {
        var analysis = _driver.AnalysisOf(update);
        var plan = update.Plan;
        return new RollingDocument(
            update.Id,
            plan.Pool.Name(),
            update.Status.Name(),
            update.Batch,
            [.. plan.Batches.Select(batch => (IReadOnlyList<string>)[.. batch])],
            [.. update.Updated],
            update.Phase.Name(),
            plan.Pause,
            plan.DrainTimeout,
            plan.HealthTimeout,
            plan.Update is { } hook ? new UpdateHookDocument(hook.Url, hook.Timeout) : null,
            update.StartedAt,
            update.PhaseStartedAt,
            update.EndedAt,
            update.Reason,
            new RollingAnalysisDocument(
                analysis.Verdict.Name(), analysis.Detail, PoolFiguresDocument.Of(analysis.Updated), PoolFiguresDocument.Of(analysis.NotUpdated)));
    }
}
