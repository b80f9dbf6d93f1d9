using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Rollouts;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>
/// Builds the rollout document: a running rollout shows its step's live judgement (from the driver), an ended one
/// the judgement that ended it, and the weights it left.
/// </summary>
internal sealed class RolloutDocumentFactory
{
    private readonly RolloutDriver _driver;

    public RolloutDocumentFactory(RolloutDriver driver)
    {
        _driver = driver;
    }

    public RolloutDocument Create(RoutingSnapshot snapshot, Rollout rollout) => Create(snapshot, rollout, _driver.AnalysisOf(rollout));

    /// <summary>The document of <paramref name="rollout"/> with <paramref name="analysis"/> as its judgement.</summary>
    public static RolloutDocument Create(RoutingSnapshot snapshot, Rollout rollout, RolloutAnalysis analysis)
    {
        var weights = rollout.IsRunning ? snapshot.Weights
            : rollout.Status == RolloutStatus.Promoted ? PoolWeights.AllOn(rollout.Plan.To)
            : PoolWeights.AllOn(rollout.From);
        return new RolloutDocument(
            rollout.Id,
            rollout.Plan.To.Name(),
            rollout.From.Name(),
            rollout.Status.Name(),
            rollout.Step,
            [.. rollout.Plan.Steps.Select(step => step / 100m)],
            new WeightsDocument(weights.BluePercent, weights.GreenPercent),
            rollout.StepStartedAt,
            rollout.StartedAt,
            rollout.EndedAt,
            rollout.Reason,
            rollout.Plan.StepInterval,
            new RolloutAnalysisDocument(
                analysis.Verdict.Name(),
                analysis.Detail,
                new Dictionary<string, PoolFiguresDocument>
                {
                    [PoolNames.Blue] = PoolFiguresDocument.Of(analysis.Blue),
                    [PoolNames.Green] = PoolFiguresDocument.Of(analysis.Green),
                }));
    }
}
