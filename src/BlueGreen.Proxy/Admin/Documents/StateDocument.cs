namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>The body of <c>GET /api/v1/state</c> and of every successful state change.</summary>
internal sealed record StateDocument(
    long Version,
    string Stable,
    WeightsDocument Weights,
    IReadOnlyDictionary<string, PoolDocument> Pools,
    RolloutDocument? Rollout);
