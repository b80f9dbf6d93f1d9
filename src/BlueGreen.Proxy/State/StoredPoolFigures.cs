using BlueGreen.Core.Analysis;

namespace BlueGreen.Proxy.State;

/// <summary>One pool's figures of a rollout's last judgement, as stores serialize them.</summary>
internal sealed class StoredPoolFigures
{
    public long Requests { get; set; }

    public long Errors { get; set; }

    public long FailedOver { get; set; }

    public double? P99Ms { get; set; }

    public static StoredPoolFigures Of(PoolFigures figures) =>
        new() { Requests = figures.Requests, Errors = figures.Errors, FailedOver = figures.FailedOver, P99Ms = figures.P99Ms };

    public PoolFigures ToFigures() => new(Requests, Errors, FailedOver, P99Ms);
}
