using BlueGreen.Core.Membership;
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
        ApplyAsync(AuditActions.Weights, current => Described(current, current with { Weights = weights }), request, cancellationToken);

    /// <summary>Sends 100 % to <paramref name="to"/>, which becomes the stable pool.</summary>
    public Task<ChangeResult> SwitchAsync(Pool to, ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(AuditActions.Switch, current => Described(current, current with { Weights = PoolWeights.AllOn(to), Stable = to }), request, cancellationToken);

    /// <summary>Sends 100 % back to the stable pool.</summary>
    public Task<ChangeResult> RollbackAsync(ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(AuditActions.Rollback, current => Described(current, current with { Weights = PoolWeights.AllOn(current.Stable) }), request, cancellationToken);

    /// <summary>
    /// Changes pool membership: <paramref name="change"/> gets the overrides in force (under the write lock, so no
    /// other change interleaves) and returns the new ones, or <see langword="null"/> when the change no longer fits
    /// them (<see cref="ChangeOutcome.Conflict"/>).
    /// </summary>
    public Task<ChangeResult> ChangeDestinationsAsync(
        string action, Func<DestinationOverrides, DestinationsChange?> change, ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(
            action,
            current => change(current.Destinations) is { } proposed
                ? new Proposal(current with { Destinations = proposed.Next }, proposed.From, proposed.To)
                : null,
            request,
            cancellationToken);

    /// <summary>
    /// Records an event that leaves the state as it is (a deleted destination finally removed): a new version and
    /// an audit event with the caller's own description of before and after.
    /// </summary>
    public Task<ChangeResult> RecordAsync(string action, string from, string to, ChangeRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(action, current => new Proposal(current, from, to), request, cancellationToken);

    private async Task<ChangeResult> ApplyAsync(
        string action,
        Func<RoutingSnapshot, Proposal?> change,
        ChangeRequest request,
        CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _table.Current;
            if (request.ExpectedVersion is { } expected && expected != current.Version)
            {
                return new ChangeResult(ChangeOutcome.VersionMismatch, current);
            }

            if (change(current) is not { } proposal)
            {
                return new ChangeResult(ChangeOutcome.Conflict, current);
            }

            var next = proposal.Next with { Version = current.Version + 1 };
            var audit = new AuditEvent(_timeProvider.GetUtcNow(), request.Actor, action, proposal.From, proposal.To, next.Version, request.Reason);
            var stored = new StoredState(next.Version, next.Weights, next.Stable) { Destinations = next.Destinations };
            if (!await _store.TryCommitAsync(stored, audit, cancellationToken).ConfigureAwait(false))
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

        var refreshed = current with { Version = stored.Version, Weights = stored.Weights, Stable = stored.Stable, Destinations = stored.Destinations };
        _table.Publish(refreshed);
        return refreshed;
    }

    private static Proposal Described(RoutingSnapshot current, RoutingSnapshot next) => new(next, Describe(current), Describe(next));

    private static string Describe(RoutingSnapshot snapshot) => $"{snapshot.Weights}, stable={snapshot.Stable.Name()}";

    /// <summary>A change's next state (before its version is set) and its audit description.</summary>
    private sealed record Proposal(RoutingSnapshot Next, string From, string To);
}
