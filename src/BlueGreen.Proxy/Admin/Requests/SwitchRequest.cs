using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>POST /api/v1/switch</c>: <c>{ "to": "green" }</c>.</summary>
internal sealed class SwitchRequest : AdminWriteRequest
{
    public string? To { get; set; }

    /// <summary>The target pool of a request its validator accepted.</summary>
    /// <exception cref="InvalidOperationException">It is not a pool: the validator and the parser disagree.</exception>
    public Pool ToPool() => PoolNames.TryParse(To, out var pool)
        ? pool
        : throw new InvalidOperationException($"The switch validator accepted '{To}', which is not a pool.");
}
