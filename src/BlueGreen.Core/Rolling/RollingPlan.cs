using System.Collections.Immutable;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Rolling;

/// <summary>What a rolling update was asked to do: update <paramref name="Pool"/>'s destinations batch by batch.</summary>
/// <param name="Pool">The pool whose destinations are updated.</param>
/// <param name="Batches">The destination ids of each batch, in order; fixed when the update starts.</param>
/// <param name="Pause">How long an updated batch serves, judged, before the next batch starts.</param>
/// <param name="DrainTimeout">How long a batch's in-flight requests may take to finish before it is updated anyway.</param>
/// <param name="HealthTimeout">How long an updated batch may take to be healthy again before the update stops.</param>
/// <param name="Update">The webhook that updates a batch; null when each batch waits for an operator's <c>continue</c>.</param>
/// <param name="Analysis">How an updated batch is judged against the destinations not updated yet.</param>
public sealed record RollingPlan(
    Pool Pool,
    ImmutableArray<ImmutableArray<string>> Batches,
    TimeSpan Pause,
    TimeSpan DrainTimeout,
    TimeSpan HealthTimeout,
    UpdateHook? Update,
    AnalysisSettings Analysis)
{
    /// <summary>How long an updated batch may take to be healthy when the request does not say.</summary>
    public static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The destinations of every batch after <paramref name="batch"/>: the ones not updated yet while it is judged.</summary>
    public IEnumerable<string> After(int batch) => Batches.Skip(batch + 1).SelectMany(ids => ids);

    /// <inheritdoc />
    public bool Equals(RollingPlan? other) =>
        other is not null && Pool == other.Pool && Pause == other.Pause && DrainTimeout == other.DrainTimeout &&
        HealthTimeout == other.HealthTimeout && Update == other.Update && Analysis == other.Analysis &&
        Batches.Length == other.Batches.Length && Batches.Zip(other.Batches).All(pair => pair.First.SequenceEqual(pair.Second));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Pool, Batches.Length, Pause, DrainTimeout, Update);
}
