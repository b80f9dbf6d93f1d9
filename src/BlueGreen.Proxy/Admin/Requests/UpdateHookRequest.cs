using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>A rolling update's <c>update</c>: <c>{ "url", "timeout" }</c>, the webhook that updates each batch.</summary>
internal sealed class UpdateHookRequest
{
    public string? Url { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>Fields this object does not know; each is a validation error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
