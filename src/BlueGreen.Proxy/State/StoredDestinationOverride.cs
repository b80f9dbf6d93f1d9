using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.State;

/// <summary>A destination override as stores serialize it.</summary>
internal sealed class StoredDestinationOverride
{
    public string Pool { get; set; } = "";

    public string Id { get; set; } = "";

    public string? Address { get; set; }

    public string Mode { get; set; } = "";

    public static StoredDestinationOverride Of(DestinationOverride item) => new()
    {
        Pool = item.Pool.Name(),
        Id = item.Id,
        Address = item.Address,
        Mode = item.Mode.Name(),
    };

    /// <exception cref="FormatException">The stored override is not a valid one.</exception>
    public DestinationOverride ToOverride()
    {
        if (!PoolNames.TryParse(Pool, out var pool) ||
            string.IsNullOrEmpty(Id) ||
            !DestinationModeNames.TryParse(Mode, out var mode) ||
            (Address is not null && !DestinationAddress.IsValid(Address)))
        {
            throw new FormatException($"destination override {Pool}/{Id} (address '{Address}', mode '{Mode}') is not valid");
        }

        return new DestinationOverride(pool, Id, Address, mode);
    }
}
