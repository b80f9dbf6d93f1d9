namespace BlueGreen.Cli.Api;

/// <summary>The <c>analysis</c> of a rollout or a rolling update as sent: only what the operator gave (null fields are left out).</summary>
public sealed record AnalysisBody(double? MaxErrorRate, double? MaxP99Ms, int? MinRequests, bool? Sequential, double? Alpha, bool? DryRun);
