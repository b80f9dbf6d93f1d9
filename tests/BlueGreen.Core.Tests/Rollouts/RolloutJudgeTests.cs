using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using static BlueGreen.Core.Tests.Rollouts.RolloutScenarios;

namespace BlueGreen.Core.Tests.Rollouts;

public sealed class RolloutJudgeTests
{
    private static readonly AnalysisSettings Settings = new(MaxErrorRate: 0.05, MaxP99Ms: 800, MinRequests: 50);

    [Fact]
    public void Judge_FewerThanMinRequestsAllHealthy_Waits()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000), Figures(49), 0));

        Assert.Equal(Verdict.Waiting, analysis.Verdict);
        Assert.Contains("49 of the 50", analysis.Detail);
    }

    [Fact]
    public void Judge_FewerThanMinRequestsAllFailing_WaitsRatherThanFails()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000), Figures(49, errors: 49, p99Ms: 5_000), 0));

        Assert.Equal(Verdict.Waiting, analysis.Verdict);
    }

    [Fact]
    public void Judge_ErrorRateAboveMax_FailsNamingBothPoolsRates()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000, errors: 10), Figures(50, errors: 3), 0));

        Assert.Equal(Verdict.Fail, analysis.Verdict);
        Assert.Contains("green 6 % errors (3 of 50)", analysis.Detail);
        Assert.Contains("blue 1 % errors (10 of 1000)", analysis.Detail);
        Assert.Contains("above 5 %", analysis.Detail);
    }

    [Fact]
    public void Judge_ErrorRateAtMax_Passes() =>
        Assert.Equal(Verdict.Pass, RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000), Figures(100, errors: 5), 0)).Verdict);

    [Fact]
    public void Judge_P99AboveMax_FailsWithBothP99s()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000, p99Ms: 120), Figures(100, p99Ms: 950), 0));

        Assert.Equal(Verdict.Fail, analysis.Verdict);
        Assert.Contains("p99 950 ms is above 800 ms", analysis.Detail);
        Assert.Contains("blue p99 120 ms", analysis.Detail);
    }

    [Fact]
    public void Judge_NoMaxP99_IgnoresLatency() =>
        Assert.Equal(Verdict.Pass, RolloutJudge.Judge(new AnalysisSettings(MinRequests: 50), Pool.Green, new StepFigures(Figures(1_000), Figures(100, p99Ms: 60_000), 0)).Verdict);

    [Fact]
    public void Judge_EnoughHealthyRequests_Passes()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000, errors: 10), Figures(100, errors: 1), 0));

        Assert.Equal(Verdict.Pass, analysis.Verdict);
        Assert.StartsWith("checks hold", analysis.Detail);
    }

    [Fact]
    public void Judge_CanaryEjectionBelowMinRequests_FailsAtOnce()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000), Figures(3), CanaryEjections: 2));

        Assert.Equal(Verdict.Fail, analysis.Verdict);
        Assert.Contains("ejected 2 destinations of the canary green", analysis.Detail);
    }

    [Fact]
    public void Judge_FailedOverRequests_DetailSaysSo()
    {
        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(Figures(1_000), Figures(100, errors: 10, failedOver: 7), 0));

        Assert.Contains("7 requests retried or failed over", analysis.Detail);
    }

    [Fact]
    public void Judge_NoFailedOverRequests_DetailDoesNotMentionThem() =>
        Assert.DoesNotContain("failed over", RolloutJudge.Judge(Settings, Pool.Green, Healthy()).Detail);

    [Fact]
    public void Judge_CanaryGreen_PlacesFiguresByPool()
    {
        var (stable, canary) = (Figures(1_000, errors: 1), Figures(100, errors: 2));

        var analysis = RolloutJudge.Judge(Settings, Pool.Green, new StepFigures(stable, canary, 0));

        Assert.Equal((stable, canary), (analysis.Blue, analysis.Green));
        Assert.Same(canary, analysis.Of(Pool.Green));
    }

    [Fact]
    public void Judge_CanaryBlue_PlacesFiguresByPool()
    {
        var (stable, canary) = (Figures(1_000, errors: 1), Figures(100, errors: 20));

        var analysis = RolloutJudge.Judge(Settings, Pool.Blue, new StepFigures(stable, canary, 0));

        Assert.Equal((canary, stable), (analysis.Blue, analysis.Green));
        Assert.Equal(Verdict.Fail, analysis.Verdict);
        Assert.Contains("the canary blue's error rate", analysis.Detail);
    }
}
