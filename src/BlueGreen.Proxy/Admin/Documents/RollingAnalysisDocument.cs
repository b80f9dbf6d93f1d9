namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>A rolling update's <c>analysis</c>: <c>{ verdict, detail, updated: {...}, notUpdated: {...} }</c>.</summary>
internal sealed record RollingAnalysisDocument(string Verdict, string Detail, PoolFiguresDocument Updated, PoolFiguresDocument NotUpdated);
