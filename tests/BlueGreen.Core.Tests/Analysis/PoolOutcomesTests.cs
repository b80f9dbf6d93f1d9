using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Analysis;

public sealed class PoolOutcomesTests
{
    private readonly PoolOutcomes _sut = new();

    [Fact]
    public void Snapshot_AfterRecords_CountsPerPool()
    {
        _sut.Record(Pool.Green, failed: true, failedOver: true, microseconds: 1_000);
        _sut.Record(Pool.Green, failed: false, failedOver: false, microseconds: 1_000);
        _sut.Record(Pool.Blue, failed: true, failedOver: false, microseconds: 1_000);
        _sut.RecordEjection(Pool.Green);

        var green = _sut.Snapshot(Pool.Green);
        var blue = _sut.Snapshot(Pool.Blue);

        Assert.Equal((2L, 1L, 1L, 1L), (green.Requests, green.Errors, green.FailedOver, green.Ejections));
        Assert.Equal((1L, 1L, 0L, 0L), (blue.Requests, blue.Errors, blue.FailedOver, blue.Ejections));
        Assert.Equal(2, green.Latency.Sum());
    }

    [Fact]
    public void Since_ABaseline_GivesOnlyTheWindowsCounts()
    {
        Record(Pool.Green, count: 50, failed: true, microseconds: 2_000_000);
        _sut.RecordEjection(Pool.Green);
        var baseline = _sut.Snapshot(Pool.Green);
        Record(Pool.Green, count: 97, failed: false, microseconds: 20_000);
        Record(Pool.Green, count: 3, failed: true, microseconds: 20_000, failedOver: true);
        _sut.RecordEjection(Pool.Green);
        _sut.RecordEjection(Pool.Green);

        var totals = _sut.Snapshot(Pool.Green);
        var figures = totals.Since(baseline);

        Assert.Equal((100L, 3L, 3L), (figures.Requests, figures.Errors, figures.FailedOver));
        Assert.Equal(0.03, figures.ErrorRate, 10);
        Assert.Equal(2, totals.EjectionsSince(baseline));
    }

    [Fact]
    public void Since_SlowRequestsBeforeTheBaseline_P99IsOfTheWindowsLatenciesOnly()
    {
        Record(Pool.Blue, count: 500, failed: false, microseconds: 2_000_000);
        var baseline = _sut.Snapshot(Pool.Blue);
        Record(Pool.Blue, count: 100, failed: false, microseconds: 20_000);

        var p99 = _sut.Snapshot(Pool.Blue).Since(baseline).P99Ms;

        Assert.NotNull(p99);
        Assert.InRange(p99.Value, 20, 20 * 1.0625);
    }

    [Fact]
    public void Since_NothingNew_IsNoRequestsAndNoP99()
    {
        Record(Pool.Green, count: 10, failed: true, microseconds: 5_000);
        var baseline = _sut.Snapshot(Pool.Green);

        var figures = _sut.Snapshot(Pool.Green).Since(baseline);

        Assert.Equal(PoolFigures.None, figures);
        Assert.Equal(0, figures.ErrorRate);
    }

    [Fact]
    public void Since_Zero_IsEverythingSoFar()
    {
        Record(Pool.Blue, count: 4, failed: true, microseconds: 5_000);

        var figures = _sut.Snapshot(Pool.Blue).Since(OutcomeTotals.Zero);

        Assert.Equal((4L, 4L, 1.0), (figures.Requests, figures.Errors, figures.ErrorRate));
    }

    private void Record(Pool pool, int count, bool failed, long microseconds, bool failedOver = false)
    {
        for (var i = 0; i < count; i++)
        {
            _sut.Record(pool, failed, failedOver, microseconds);
        }
    }
}
