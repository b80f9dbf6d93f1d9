using BlueGreen.Core.Routing;
using BlueGreen.Core.State;

namespace BlueGreen.Core.Switching;

/// <summary>
/// Changes the routing state: every change is committed to the store with its audit event first and
/// published to the <see cref="RoutingTable"/> only then, so a failed write changes nothing.
/// </summary>
public sealed class TrafficSwitch
{
    private readonly RoutingTable _table;
    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly IStateChangeObserver[] _observers;

    // Admin writes are rare; one at a time keeps version checks and commits simple.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Creates a switch over <paramref name="table"/> that persists to <paramref name="store"/>.</summary>
    public TrafficSwitch(RoutingTable table, IStateStore store, TimeProvider timeProvider, IEnumerable<IStateChangeObserver>? observers = null)
    {
        _table = table;
        _store = store;
        _timeProvider = timeProvider;
        _observers = observers?.ToArray() ?? [];
    }

    private volatile bool _isLoaded;

    /// <summary>Whether the stored state has been loaded, which readiness waits for.</summary>
    public bool IsLoaded => _isLoaded;

    /// <summary>
    /// Loads the stored state, which wins over the table's initial (configured) weights, so a restart never
    /// silently moves traffic.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshFromStoreAsync(cancellationToken).ConfigureAwait(false);
            _isLoaded = true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sets the split; the stable pool stays.</summary>
    public Task<ChangeResult> SetWeightsAsync(PoolWeights weights, ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(AuditActions.Weights, current => current with { Weights = weights }, request, cancellationToken);

    /// <summary>Sends 100 % to <paramref name="to"/>, which becomes the stable pool.</summary>
    public Task<ChangeResult> SwitchAsync(Pool to, ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(AuditActions.Switch, current => current with { Weights = PoolWeights.AllOn(to), Stable = to }, request, cancellationToken);

    /// <summary>Sends 100 % back to the stable pool.</summary>
    public Task<ChangeResult> RollbackAsync(ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(AuditActions.Rollback, current => current with { Weights = PoolWeights.AllOn(current.Stable) }, request, cancellationToken);

    /// <summary>
    /// Records a change that leaves the split as it is (a destination added, drained, removed): a new version and
    /// an audit event with the caller's own description of before and after.
    /// </summary>
    public Task<ChangeResult> RecordAsync(string action, string from, string to, ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(action, static current => current, request, cancellationToken, (from, to));

    private async Task<ChangeResult> ApplyAsync(
        string action,
        Func<RoutingSnapshot, RoutingSnapshot> change,
        ChangeRequest request,
        CancellationToken cancellationToken,
        (string From, string To)? description = null)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _table.Current;
            if (request.ExpectedVersion is { } expected && expected != current.Version)
            {
                return new ChangeResult(ChangeOutcome.VersionMismatch, current);
            }

            var next = change(current) with { Version = current.Version + 1 };
            var audit = new AuditEvent(
                _timeProvider.GetUtcNow(),
                request.Actor,
                action,
                description?.From ?? Describe(current),
                description?.To ?? Describe(next),
                next.Version,
                request.Reason);

            var committed = await _store
                .TryCommitAsync(new StoredState(next.Version, next.Weights, next.Stable), audit, cancellationToken)
                .ConfigureAwait(false);
            if (!committed)
            {
                // Another writer of a shared store got there first: nothing of ours was written. Take its state,
                // so the caller's next attempt (with the fresh ETag) can succeed.
                return new ChangeResult(ChangeOutcome.VersionMismatch, await RefreshFromStoreAsync(cancellationToken).ConfigureAwait(false));
            }

            _table.Publish(next);
            foreach (var observer in _observers)
            {
                observer.OnCommitted(audit, next);
            }

            return new ChangeResult(ChangeOutcome.Applied, next);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Publishes the stored state when it is newer than the table's; returns the snapshot in force.</summary>
    private async Task<RoutingSnapshot> RefreshFromStoreAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var current = _table.Current;
        if (stored is null || (_isLoaded && stored.Version <= current.Version))
        {
            return current;
        }

        var refreshed = current with { Version = stored.Version, Weights = stored.Weights, Stable = stored.Stable };
        _table.Publish(refreshed);
        return refreshed;
    }

    private static string Describe(RoutingSnapshot snapshot) => $"{snapshot.Weights}, stable={snapshot.Stable.Name()}";
}
