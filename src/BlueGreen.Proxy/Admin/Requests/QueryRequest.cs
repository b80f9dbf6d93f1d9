using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>One of a rollout's <c>analysis.queries</c>: <c>{ "name", "query", "max", "min" }</c>.</summary>
internal sealed class QueryRequest
{
    public string? Name { get; set; }

    public string? Query { get; set; }

    public double? Max { get; set; }

    public double? Min { get; set; }

    /// <summary>Fields this object does not know; each is a validation error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
