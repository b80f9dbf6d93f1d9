using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Analysis;

public sealed class SequentialMonitorTests
{
    private readonly PoolOutcomes _outcomes = new();

    [Fact]
    public void Observe_CanaryFailingFarMoreOften_RejectsOnErrors()
    {
        var sut = new SequentialMonitor(0.05);
        sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));

        for (var window = 0; window < 50 && !sut.Evidence[0].Rejected; window++)
        {
            Record(Pool.Green, requests: 50, failures: 5, microseconds: 1_000);
            Record(Pool.Blue, requests: 50, failures: 0, microseconds: 1_000);
            sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));
        }

        Assert.True(sut.Evidence[0].Rejected);
        Assert.False(sut.Evidence[1].Rejected);
        Assert.Equal(SequentialMonitor.Errors, sut.Evidence[0].Event);
    }

    [Fact]
    public void Observe_CanaryAnsweringSlowerThanTheStableP99_RejectsOnSlowAnswersOnlyOnceTheStableP99IsKnown()
    {
        var sut = new SequentialMonitor(0.05);
        sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));

        // Stable answers in 1 ms; the canary in 50 ms, far above the stable p99.
        Record(Pool.Blue, requests: 50, failures: 0, microseconds: 1_000);
        Record(Pool.Green, requests: 50, failures: 0, microseconds: 50_000);
        sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));
        Assert.Equal(0, sut.Evidence[1].Events);

        for (var window = 0; window < 50 && !sut.Evidence[1].Rejected; window++)
        {
            Record(Pool.Blue, requests: 50, failures: 0, microseconds: 1_000);
            Record(Pool.Green, requests: 50, failures: 0, microseconds: 50_000);
            sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));
        }

        Assert.True(sut.Evidence[1].Rejected);
        Assert.False(sut.Evidence[0].Rejected);
    }

    [Fact]
    public void Observe_PoolsAlike_StaysBelowTheThreshold()
    {
        var sut = new SequentialMonitor(0.05);
        sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));

        for (var window = 0; window < 100; window++)
        {
            Record(Pool.Green, requests: 10, failures: window % 10 == 0 ? 1 : 0, microseconds: 1_000);
            Record(Pool.Blue, requests: 90, failures: window % 10 == 0 ? 9 : 0, microseconds: 1_000);
            sut.Observe(_outcomes.Snapshot(Pool.Green), _outcomes.Snapshot(Pool.Blue));
        }

        Assert.All(sut.Evidence, e => Assert.False(e.Rejected));
        Assert.Equal(100, sut.Evidence[0].Events);
    }

    private void Record(Pool pool, int requests, int failures, long microseconds)
    {
        for (var i = 0; i < requests; i++)
        {
            _outcomes.Record(pool, failed: i < failures, failedOver: false, microseconds);
        }
    }
}
