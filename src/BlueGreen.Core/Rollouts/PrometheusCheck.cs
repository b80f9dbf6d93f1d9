namespace BlueGreen.Core.Rollouts;

/// <summary>
/// A business metric a step must keep within bounds (<c>analysis.queries</c>): a PromQL instant query, evaluated at
/// the step's end, whose value must be at most <paramref name="Max"/> (and at least <paramref name="Min"/>).
/// <c>{{pool}}</c> and <c>{{canary}}</c> in the query stand for the canary pool, <c>{{stable}}</c> for the stable one.
/// </summary>
/// <param name="Name">The check's name, for the detail.</param>
/// <param name="Query">The PromQL expression.</param>
/// <param name="Max">The largest acceptable value; none when null.</param>
/// <param name="Min">The smallest acceptable value; none when null.</param>
public sealed record PrometheusCheck(string Name, string Query, double? Max, double? Min)
{
    /// <summary>The query with its placeholders filled in for a rollout from <paramref name="stable"/> to <paramref name="canary"/>.</summary>
    public string QueryFor(Routing.Pool canary, Routing.Pool stable) =>
        Query.Replace("{{pool}}", Routing.PoolNames.Name(canary), StringComparison.Ordinal)
            .Replace("{{canary}}", Routing.PoolNames.Name(canary), StringComparison.Ordinal)
            .Replace("{{stable}}", Routing.PoolNames.Name(stable), StringComparison.Ordinal);

    /// <summary>Why <paramref name="value"/> is out of bounds, or null when it is within them.</summary>
    public string? Breach(double value) =>
        double.IsNaN(value) ? $"query {Name} returned NaN"
        : value > Max ? $"query {Name} = {value:G6} is above its max {Max:G6}"
        : value < Min ? $"query {Name} = {value:G6} is below its min {Min:G6}"
        : null;
}
