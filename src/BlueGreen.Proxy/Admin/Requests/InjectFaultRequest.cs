using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>POST /api/v1/faults</c>: <c>{ "pool", "percent", "status" | "delayMs", "expiresIn" }</c>.</summary>
internal sealed class InjectFaultRequest : AdminWriteRequest
{
    public string? Pool { get; set; }

    public decimal? Percent { get; set; }

    public int? Status { get; set; }

    public int? DelayMs { get; set; }

    public TimeSpan? ExpiresIn { get; set; }

    /// <summary>The fault of a request its validator accepted, expiring <see cref="ExpiresIn"/> after <paramref name="now"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not a fault: the validator and this disagree.</exception>
    public Fault ToFault(string id, DateTimeOffset now) =>
        PoolNames.TryParse(Pool, out var pool) && Percent is { } percent && ExpiresIn is { } expiresIn
            ? new Fault(id, pool, (int)(percent * 100), Status, DelayMs, now + expiresIn)
            : throw new InvalidOperationException("The fault validator accepted a body that is not a fault.");
}
