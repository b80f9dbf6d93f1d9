using System.Collections.Frozen;
using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Analysis;

/// <summary>
/// Two groups of one pool's destinations counted apart while a rolling update judges a batch: the updated ones and
/// those not updated yet. A request served by a destination of neither group (or by none) is not counted here.
/// </summary>
public sealed class DestinationCohorts
{
    private readonly FrozenDictionary<string, OutcomeCounters> _byDestination;

    /// <summary>Counts the requests of <paramref name="pool"/> served by <paramref name="updated"/> and <paramref name="notUpdated"/>.</summary>
    public DestinationCohorts(Pool pool, IEnumerable<string> updated, IEnumerable<string> notUpdated)
    {
        Pool = pool;
        _byDestination = updated.Select(id => KeyValuePair.Create(id, Updated))
            .Concat(notUpdated.Select(id => KeyValuePair.Create(id, NotUpdated)))
            .ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The pool whose destinations are counted.</summary>
    public Pool Pool { get; }

    /// <summary>The requests the updated destinations served.</summary>
    public OutcomeCounters Updated { get; } = new();

    /// <summary>The requests the destinations not updated yet served.</summary>
    public OutcomeCounters NotUpdated { get; } = new();

    /// <summary>Counts a request of the pool served by <paramref name="destinationId"/>, when it belongs to a group.</summary>
    public void Record(string? destinationId, bool failed, bool failedOver, long microseconds)
    {
        if (destinationId is not null && _byDestination.TryGetValue(destinationId, out var counters))
        {
            counters.Record(failed, failedOver, microseconds);
        }
    }
}
