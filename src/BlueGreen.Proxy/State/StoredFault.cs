using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.State;

/// <summary>A fire drill as stores serialize it.</summary>
internal sealed class StoredFault
{
    public string Id { get; set; } = "";

    public string Pool { get; set; } = "";

    public decimal Percent { get; set; }

    public int? Status { get; set; }

    public int? DelayMs { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public static StoredFault Of(Fault fault) => new()
    {
        Id = fault.Id, Pool = fault.Pool.Name(), Percent = fault.Percent, Status = fault.Status, DelayMs = fault.DelayMs, ExpiresAt = fault.ExpiresAt,
    };

    /// <exception cref="FormatException">The stored fault is not a valid one.</exception>
    public Fault ToFault() =>
        Id.Length > 0 && PoolNames.TryParse(Pool, out var pool) && Percent is > 0 and <= 100 && PoolWeights.IsValidPercent(Percent) &&
        (Status is not null) != (DelayMs is not null)
            ? new Fault(Id, pool, (int)(Percent * 100), Status, DelayMs, ExpiresAt)
            : throw new FormatException($"fault '{Id}' ({Pool} {Percent} %, status {Status}, delay {DelayMs}) is not valid");
}
