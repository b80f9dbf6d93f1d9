using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>One of a rollout's <c>webhooks</c>: <c>{ "name", "type", "url", "timeout" }</c>.</summary>
internal sealed class WebhookRequest
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Url { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>Fields this object does not know; each is a validation error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
