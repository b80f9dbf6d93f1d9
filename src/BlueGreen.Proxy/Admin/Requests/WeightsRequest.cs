using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>PUT /api/v1/weights</c>: <c>{ "blue": 95, "green": 5 }</c>.</summary>
internal sealed class WeightsRequest : AdminWriteRequest
{
    public decimal? Blue { get; set; }

    public decimal? Green { get; set; }

    /// <summary>The split of a request its validator accepted.</summary>
    /// <exception cref="InvalidOperationException">It is not a split: the validator and the parser disagree.</exception>
    public PoolWeights ToWeights() =>
        Blue is { } blue && Green is { } green && PoolWeights.TryFromPercent(blue, green, out var weights)
            ? weights
            : throw new InvalidOperationException($"The weights validator accepted {Blue}/{Green}, which is not a split.");
}
