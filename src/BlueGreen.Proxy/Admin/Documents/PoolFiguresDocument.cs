using BlueGreen.Core.Analysis;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>One pool's figures in a rollout step: <c>{ requests, errors, errorRate, p99Ms }</c>.</summary>
internal sealed record PoolFiguresDocument(long Requests, long Errors, double ErrorRate, double? P99Ms)
{
    /// <summary>The document of <paramref name="figures"/>.</summary>
    public static PoolFiguresDocument Of(PoolFigures figures) => new(figures.Requests, figures.Errors, Math.Round(figures.ErrorRate, 6), figures.P99Ms);
}
