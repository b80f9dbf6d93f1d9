using BlueGreen.Core.Rollouts;

namespace BlueGreen.Proxy.State;

/// <summary>A rollout's Prometheus check as stores serialize it.</summary>
internal sealed class StoredPrometheusCheck
{
    public string Name { get; set; } = "";

    public string Query { get; set; } = "";

    public double? Max { get; set; }

    public double? Min { get; set; }

    public static StoredPrometheusCheck Of(PrometheusCheck check) => new() { Name = check.Name, Query = check.Query, Max = check.Max, Min = check.Min };

    /// <exception cref="FormatException">The stored check is not a valid one.</exception>
    public PrometheusCheck ToCheck() =>
        Name.Length > 0 && Query.Length > 0 && (Max is not null || Min is not null)
            ? new PrometheusCheck(Name, Query, Max, Min)
            : throw new FormatException($"query '{Name}' is not valid");
}
