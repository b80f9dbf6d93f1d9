namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>A rollout's <c>analysis</c>: <c>{ verdict, detail, pools: { blue: {...}, green: {...} } }</c>.</summary>
internal sealed record RolloutAnalysisDocument(string Verdict, string Detail, IReadOnlyDictionary<string, PoolFiguresDocument> Pools);
