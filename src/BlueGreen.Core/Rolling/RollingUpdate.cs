using System.Collections.Immutable;

namespace BlueGreen.Core.Rolling;

/// <summary>
/// A rolling update of one pool as it stands, part of the routing state: stored, versioned and audited with every
/// change, so a restart finds it at the same batch and phase. The modes it sets (a batch drained, then enabled)
/// live in the snapshot's destination overrides beside it.
/// </summary>
/// <param name="Id">Its id, unique among rolling updates.</param>
/// <param name="Plan">What it was asked to do.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Batch">The 0-based index of the current batch into the plan's batches.</param>
/// <param name="Phase">Where the current batch is.</param>
/// <param name="Updated">The destinations updated so far, in the order they were.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="PhaseStartedAt">When the current phase started (or was resumed).</param>
/// <param name="EndedAt">When it ended; null while it runs.</param>
/// <param name="Reason">Why it was started, as the operator said it.</param>
/// <param name="Analysis">The judgement recorded with its last transition.</param>
public sealed record RollingUpdate(
    string Id,
    RollingPlan Plan,
    RollingStatus Status,
    int Batch,
    RollingPhase Phase,
    ImmutableArray<string> Updated,
    DateTimeOffset StartedAt,
    DateTimeOffset PhaseStartedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    RollingAnalysis Analysis)
{
    /// <summary>Whether it still runs.</summary>
    public bool IsRunning => Status.IsRunning();

    /// <summary>The destinations of the current batch.</summary>
    public ImmutableArray<string> CurrentBatch => Plan.Batches[Batch];

    /// <summary>Whether the current batch waits for an operator's <c>continue</c> rather than a webhook.</summary>
    public bool WaitsForOperator => Phase == RollingPhase.Updating && Plan.Update is null;

    /// <inheritdoc />
    public bool Equals(RollingUpdate? other) =>
        other is not null && Id == other.Id && Plan == other.Plan && Status == other.Status && Batch == other.Batch &&
        Phase == other.Phase && Updated.SequenceEqual(other.Updated) && StartedAt == other.StartedAt &&
        PhaseStartedAt == other.PhaseStartedAt && EndedAt == other.EndedAt && Reason == other.Reason && Analysis == other.Analysis;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Status, Batch, Phase, PhaseStartedAt);
}
