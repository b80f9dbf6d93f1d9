using BlueGreen.Core.Rollouts;

namespace BlueGreen.Proxy.State;

/// <summary>A rollout's webhook as stores serialize it.</summary>
internal sealed class StoredWebhook
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public string Url { get; set; } = "";

    public TimeSpan Timeout { get; set; }

    public static StoredWebhook Of(RolloutWebhook hook) =>
        new() { Name = hook.Name, Type = hook.Type.Name(), Url = hook.Url.ToString(), Timeout = hook.Timeout };

    /// <exception cref="FormatException">The stored webhook is not a valid one.</exception>
    public RolloutWebhook ToWebhook() =>
        Name.Length > 0 && WebhookTypeNames.TryParse(Type, out var type) && Uri.TryCreate(Url, UriKind.Absolute, out var url) && Timeout > TimeSpan.Zero
            ? new RolloutWebhook(Name, type, url, Timeout)
            : throw new FormatException($"webhook '{Name}' ({Type} {Url}) is not valid");
}
