namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>One pool's figures in a rollout step: <c>{ requests, errors, errorRate, p99Ms }</c>.</summary>
internal sealed record PoolFiguresDocument(long Requests, long Errors, double ErrorRate, double? P99Ms);
