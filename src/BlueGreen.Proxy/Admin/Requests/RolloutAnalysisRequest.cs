using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Core.Rollouts;

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

    /// <summary>The settings of the thresholds, in range and known: each problem as its field and message.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (MaxErrorRate is { } rate && rate is < 0 or > 1)
        {
            yield return ("analysis.maxErrorRate", $"must be a ratio from 0 to 1; got {rate}.");
        }

        if (MaxP99Ms is { } p99 && p99 <= 0)
        {
            yield return ("analysis.maxP99Ms", $"must be more than 0 milliseconds; got {p99}.");
        }

        if (MinRequests is { } minimum && minimum < 1)
        {
            yield return ("analysis.minRequests", $"must be at least 1; got {minimum}.");
        }

        if (Alpha is { } alpha && alpha is <= 0 or >= 1)
        {
            yield return ("analysis.alpha", $"must be above 0 and below 1; got {alpha}.");
        }

        foreach (var field in Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            yield return ($"analysis.{field}", $"'{field}' is not a field of analysis.");
        }
    }

    /// <summary>The settings, with the contract's defaults for what is not given.</summary>
    public AnalysisSettings ToSettings() => new(
        MaxErrorRate ?? AnalysisSettings.DefaultMaxErrorRate,
        MaxP99Ms,
        MinRequests ?? AnalysisSettings.DefaultMinRequests,
        Sequential ?? true,
        Alpha ?? AnalysisSettings.DefaultAlpha,
        DryRun ?? false);
}
