using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Fleet;

/// <summary>
/// The fleet's outcomes added up as one running total per pool that only ever grows: each proxy's last published
/// totals, kept after the proxy is gone (its counts happened), so the rollout driver can take differences between
/// two moments as it does for a proxy alone. Used by the driver's loop only; not thread-safe.
/// </summary>
internal sealed class FleetTotals
{
    /// <summary>Updates a member may miss before it is taken for gone and folded into the departed totals.</summary>
    public const int MissedUpdatesBeforeGone = 50;

    private readonly Dictionary<string, (FleetMemberTotals Totals, int Missed)> _lastSeen = new(StringComparer.Ordinal);

    // Gone members' last totals, added up, so that the sums never shrink and the dictionary does not grow with restarts.
    private FleetMemberTotals _departed = new("departed", OutcomeTotals.Zero, OutcomeTotals.Zero);

    /// <summary>Takes the members' latest totals.</summary>
    public void Update(IReadOnlyCollection<FleetMemberTotals> members)
    {
        foreach (var instance in _lastSeen.Keys.ToList())
        {
            var (totals, missed) = _lastSeen[instance];
            if (members.Any(m => m.Instance == instance))
            {
                continue;
            }

            if (missed + 1 < MissedUpdatesBeforeGone)
            {
                _lastSeen[instance] = (totals, missed + 1);
                continue;
            }

            _departed = new FleetMemberTotals("departed", Add(_departed.Blue, totals.Blue), Add(_departed.Green, totals.Green));
            _lastSeen.Remove(instance);
        }

        foreach (var member in members)
        {
            _lastSeen[member.Instance] = (member, 0);
        }
    }

    /// <summary>The fleet's running total of <paramref name="pool"/>.</summary>
    public OutcomeTotals Of(Pool pool) =>
        _lastSeen.Values.Aggregate(Pick(_departed, pool), (sum, member) => Add(sum, Pick(member.Totals, pool)));

    private static OutcomeTotals Pick(FleetMemberTotals member, Pool pool) => pool == Pool.Green ? member.Green : member.Blue;

    private static OutcomeTotals Add(OutcomeTotals a, OutcomeTotals b)
    {
        var latency = new long[LatencyHistogram.BucketCount];
        for (var i = 0; i < latency.Length; i++)
        {
            latency[i] = a.Latency[i] + b.Latency[i];
        }

        return new OutcomeTotals(a.Requests + b.Requests, a.Errors + b.Errors, a.FailedOver + b.FailedOver, a.Ejections + b.Ejections, latency);
    }
}
