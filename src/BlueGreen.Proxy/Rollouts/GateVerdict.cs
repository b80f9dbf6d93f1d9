using BlueGreen.Core.Rollouts;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>What a step's gates (Prometheus checks, pre-step and pre-promotion webhooks) say, with why in words.</summary>
/// <param name="Verdict">Pass; fail; or waiting when a query could not be answered (it is tried again).</param>
/// <param name="Detail">Why.</param>
internal sealed record GateVerdict(Verdict Verdict, string Detail)
{
    /// <summary>Every gate let the step go on.</summary>
    public static GateVerdict Open { get; } = new(Verdict.Pass, "");
}
