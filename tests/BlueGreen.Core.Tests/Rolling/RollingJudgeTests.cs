using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Rolling;

public sealed class RollingJudgeTests
{
    [Fact]
    public void UpdatedDestinations_AboveTheMaxErrorRate_Fail_NamingTheUpdatedSide()
    {
        var analysis = RollingJudge.Judge(new AnalysisSettings(), new PoolFigures(100, 10, 0, 5), new PoolFigures(300, 1, 0, 5), []);

        Assert.Equal(Verdict.Fail, analysis.Verdict);
        Assert.StartsWith("the updated destinations's error rate updated 10 % errors (10 of 100) is above 5 %", analysis.Detail, StringComparison.Ordinal);
        Assert.Equal((100, 300), (analysis.Updated.Requests, analysis.NotUpdated.Requests));
    }

    [Fact]
    public void TheLastBatch_WithNothingLeftToCompare_IsJudgedOnItsThresholds()
    {
        var settings = new AnalysisSettings(MinRequests: 20, MaxP99Ms: 100);

        Assert.Equal(Verdict.Waiting, RollingJudge.Judge(settings, new PoolFigures(10, 0, 0, 5), PoolFigures.None, []).Verdict);
        Assert.Equal(Verdict.Pass, RollingJudge.Judge(settings, new PoolFigures(50, 0, 0, 5), PoolFigures.None, []).Verdict);
        Assert.Equal(Verdict.Fail, RollingJudge.Judge(settings, new PoolFigures(50, 0, 0, 150), PoolFigures.None, []).Verdict);
    }

    [Fact]
    public void Cohorts_CountEachGroupApart_AndIgnoreDestinationsOfNeither()
    {
        var cohorts = new DestinationCohorts(Pool.Blue, ["b1"], ["b2", "b3"]);

        cohorts.Record("b1", failed: true, failedOver: false, 1_000);
        cohorts.Record("b2", failed: false, failedOver: false, 1_000);
        cohorts.Record("b3", failed: false, failedOver: false, 1_000);
        cohorts.Record("b9", failed: true, failedOver: false, 1_000);
        cohorts.Record(null, failed: true, failedOver: false, 1_000);

        Assert.Equal((1L, 1L), (cohorts.Updated.Snapshot().Requests, cohorts.Updated.Snapshot().Errors));
        Assert.Equal((2L, 0L), (cohorts.NotUpdated.Snapshot().Requests, cohorts.NotUpdated.Snapshot().Errors));
    }

    [Theory]
    [InlineData(6, 2, new[] { 2, 2, 2 })]
    [InlineData(5, 2, new[] { 2, 2, 1 })]
    [InlineData(3, 1, new[] { 1, 1, 1 })]
    public void Cut_MakesBatchesOfTheSizeInIdOrder_TheLastMaybeSmaller(int destinations, int size, int[] sizes)
    {
        var ids = Enumerable.Range(1, destinations).Select(i => $"d{i}").Reverse();

        var batches = RollingBatches.Cut(ids, size);

        Assert.Equal(sizes, batches.Select(b => b.Length));
        Assert.Equal("d1", batches[0][0]);
    }

    [Theory]
    [InlineData(20, 6, 2)]
    [InlineData(33, 3, 1)]
    [InlineData(34, 3, 2)]
    [InlineData(1, 300, 3)]
    [InlineData(0.01, 5, 1)]
    public void SizeOfPercent_RoundsUp_AndIsAtLeastOne(decimal percent, int destinations, int size) =>
        Assert.Equal(size, RollingBatches.SizeOfPercent(percent, destinations));
}
