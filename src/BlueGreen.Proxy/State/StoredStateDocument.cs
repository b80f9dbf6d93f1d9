using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;

namespace BlueGreen.Proxy.State;

/// <summary>
/// The routing state as stores write it (JSON): weights, stable pool, the admin plane's pool changes and the rollout;
/// the file store adds the audit history, oldest event first (the Redis store keeps history in a stream instead).
/// </summary>
internal sealed class StoredStateDocument
{
    public int Format { get; set; } = 1;

    public long Version { get; set; }

    public decimal BlueWeight { get; set; }

    public decimal GreenWeight { get; set; }

    public string Stable { get; set; } = "";

    /// <summary>The admin plane's changes to the configured pools; absent in files written before they were kept.</summary>
    public List<StoredDestinationOverride>? Destinations { get; set; }

    /// <summary>The running rollout, else the last one; absent when none ever ran.</summary>
    public StoredRollout? Rollout { get; set; }

    /// <summary>The fire drills in force; absent in files written before there were any.</summary>
    public List<StoredFault>? Faults { get; set; }

    /// <summary>Each pool's running or last rolling update; absent when none ever ran.</summary>
    public List<StoredRollingUpdate>? RollingUpdates { get; set; }

    public List<StoredAuditEvent> History { get; set; } = [];

    /// <summary>The document of <paramref name="state"/>, with <paramref name="history"/>.</summary>
    public static StoredStateDocument Of(StoredState state, List<StoredAuditEvent> history) => new()
    {
        Version = state.Version,
        BlueWeight = state.Weights.BluePercent,
        GreenWeight = state.Weights.GreenPercent,
        Stable = state.Stable.Name(),
        Destinations = state.Destinations.Items.Select(StoredDestinationOverride.Of).ToList(),
        Rollout = state.Rollout is { } rollout ? StoredRollout.Of(rollout) : null,
        Faults = state.Faults.IsEmpty ? null : [.. state.Faults.Select(StoredFault.Of)],
        RollingUpdates = state.RollingUpdates.IsEmpty ? null : [.. state.RollingUpdates.Select(StoredRollingUpdate.Of)],
        History = history,
    };

    /// <summary>The state this document holds.</summary>
    /// <exception cref="FormatException">It does not hold a valid state.</exception>
    public StoredState ToStoredState()
    {
        if (!PoolWeights.TryFromPercent(BlueWeight, GreenWeight, out var weights) || !PoolNames.TryParse(Stable, out var stable) || Version < 0)
        {
            throw new FormatException($"version {Version}, weights {BlueWeight}/{GreenWeight} and stable '{Stable}' are not a valid state");
        }

        return new StoredState(Version, weights, stable)
        {
            Destinations = DestinationOverrides.From(Destinations?.Select(d => d.ToOverride()) ?? []),
            Rollout = Rollout?.ToRollout(),
            Faults = [.. (Faults ?? []).Select(f => f.ToFault())],
            RollingUpdates = [.. (RollingUpdates ?? []).Select(r => r.ToRollingUpdate())],
        };
    }
}
