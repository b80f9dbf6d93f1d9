using BlueGreen.Core.Analysis;

namespace BlueGreen.Proxy.Fleet;

/// <summary>One proxy's running outcome totals per pool, as it last published them.</summary>
internal sealed record FleetMemberTotals(string Instance, OutcomeTotals Blue, OutcomeTotals Green);
