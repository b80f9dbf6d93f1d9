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
    private readonly Dictionary<string, FleetMemberTotals> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Takes the members' latest totals.</summary>
    public void Update(IEnumerable<FleetMemberTotals> members)
    {
        foreach (var member in members)
        {
            _lastSeen[member.Instance] = member;
        }
    }

    /// <summary>The fleet's running total of <paramref name="pool"/>.</summary>
    public OutcomeTotals Of(Pool pool)
    {
        var latency = new long[LatencyHistogram.BucketCount];
        long requests = 0, errors = 0, failedOver = 0, ejections = 0;
        foreach (var member in _lastSeen.Values)
        {
            var totals = pool == Pool.Green ? member.Green : member.Blue;
            requests += totals.Requests;
            errors += totals.Errors;
            failedOver += totals.FailedOver;
            ejections += totals.Ejections;
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] += totals.Latency[i];
            }
        }

        return new OutcomeTotals(requests, errors, failedOver, ejections, latency);
    }
}
