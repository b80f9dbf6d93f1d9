using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The <c>analysis</c> object of a rollout: how each step judges the canary. Every field is optional.</summary>
internal sealed class RolloutAnalysisRequest
{
    public double? MaxErrorRate { get; set; }

    public double? MaxP99Ms { get; set; }

    public int? MinRequests { get; set; }

    public bool? Sequential { get; set; }

    public double? Alpha { get; set; }

    public bool? DryRun { get; set; }

    public List<QueryRequest>? Queries { get; set; }

    /// <summary>Fields this object does not know; each is a validation error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
