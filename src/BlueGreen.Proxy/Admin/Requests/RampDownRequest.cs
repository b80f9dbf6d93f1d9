using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The <c>rampDown</c> object of a rollout: <c>{ "percent": 50, "interval": "00:00:05" }</c>.</summary>
internal sealed class RampDownRequest
{
    public decimal? Percent { get; set; }

    public TimeSpan? Interval { get; set; }

    /// <summary>Fields this object does not know; each is a validation error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
