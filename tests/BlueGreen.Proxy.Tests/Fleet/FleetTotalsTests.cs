using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Fleet;

namespace BlueGreen.Proxy.Tests.Fleet;

public sealed class FleetTotalsTests
{
    [Fact]
    public void Of_MembersPublishing_AddsThemUp()
    {
        var sut = new FleetTotals();

        sut.Update([Member("a", 10), Member("b", 5)]);

        Assert.Equal(15, sut.Of(Pool.Green).Requests);
        Assert.Equal(30, sut.Of(Pool.Blue).Requests);
    }

    [Fact]
    public void Of_AMemberGone_KeepsItsLastCountsSoTheSumNeverShrinks()
    {
        var sut = new FleetTotals();
        sut.Update([Member("a", 10), Member("b", 5)]);

        for (var update = 0; update < FleetTotals.MissedUpdatesBeforeGone + 5; update++)
        {
            sut.Update([Member("a", 10 + update)]);
        }

        var last = 10 + FleetTotals.MissedUpdatesBeforeGone + 4;
        Assert.Equal(last + 5, sut.Of(Pool.Green).Requests);
        sut.Update([Member("a", last + 1)]);
        Assert.Equal(last + 6, sut.Of(Pool.Green).Requests);
    }

    private static FleetMemberTotals Member(string instance, long greenRequests) =>
        new(instance, Totals(greenRequests * 2), Totals(greenRequests));

    private static OutcomeTotals Totals(long requests) => new(requests, 0, 0, 0, new long[LatencyHistogram.BucketCount]);
}
