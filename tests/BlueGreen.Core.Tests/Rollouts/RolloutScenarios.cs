using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Tests.Rollouts;

/// <summary>The states, plans and figures the rollout tests start from.</summary>
internal static class RolloutScenarios
{
    public const string Id = "r-1";

    public static readonly DateTimeOffset StartTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan StepInterval = TimeSpan.FromSeconds(30);

    public static RoutingSnapshot AllOn(Pool stable) =>
        new(0, PoolWeights.AllOn(stable), stable, new RoutingPolicy(StickinessMode.None, "bg-id", OverrideEnabled: true));

    public static RolloutPlan Plan(
        Pool to = Pool.Green,
        int[]? steps = null,
        AnalysisSettings? analysis = null,
        FailureAction onFailure = FailureAction.Rollback,
        RampDown? rampDown = null) =>
        new(to, [.. steps ?? [500, 2_500, 5_000, 10_000]], StepInterval, analysis ?? new AnalysisSettings(MaxP99Ms: 800), onFailure, rampDown);

    /// <summary>The state after starting <paramref name="plan"/> from all traffic on the other pool.</summary>
    public static RoutingSnapshot Started(RolloutPlan plan) =>
        Apply(AllOn(plan.To.Other()), RolloutTransitions.Start(AllOn(plan.To.Other()), plan, Id, StartTime, "release 2.4"));

    /// <summary>What committing <paramref name="proposal"/> over <paramref name="current"/> makes; fails the test on a refusal.</summary>
    public static RoutingSnapshot Apply(RoutingSnapshot current, StateProposal proposal)
    {
        Assert.True(proposal.Next is not null, $"refused: {proposal.Refusal}");
        return proposal.Next with { Version = current.Version + 1 };
    }

    public static PoolFigures Figures(long requests, long errors = 0, double? p99Ms = 50, long failedOver = 0) =>
        new(requests, errors, failedOver, requests == 0 ? null : p99Ms);

    public static StepFigures Healthy(long canaryRequests = 100) => new(Figures(1_000, 5), Figures(canaryRequests), 0);

    public static StepFigures Failing() => new(Figures(1_000, 5), Figures(100, 20), 0);

    public static RolloutAnalysis Judged(Verdict verdict) => new(verdict, verdict.Name(), PoolFigures.None, PoolFigures.None);
}
