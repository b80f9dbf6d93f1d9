using BlueGreen.Core.Membership;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Core.Switching;

/// <summary>
/// Changes the routing state: every change is committed to the store with its audit event first and
/// published to the <see cref="RoutingTable"/> only then, so a failed write changes nothing. Observers hear of
/// every change in force, local or taken from the store, in version order.
/// </summary>
public sealed partial class TrafficSwitch
{
    private readonly RoutingTable _table;
    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private IStateChangeObserver[] _observers;

    // Admin writes are rare; one at a time keeps version checks and commits simple, and observers in order.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Creates a switch over <paramref name="table"/> that persists to <paramref name="store"/>.</summary>
    public TrafficSwitch(
        RoutingTable table,
        IStateStore store,
        TimeProvider timeProvider,
        IEnumerable<IStateChangeObserver>? observers = null,
        ILogger<TrafficSwitch>? logger = null)
    {
        _table = table;
        _store = store;
        _timeProvider = timeProvider;
        _observers = observers?.ToArray() ?? [];
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Adds an observer after construction, for one that itself changes the state through this switch (and so
    /// cannot be handed to its constructor). It hears of changes from the next one on.
    /// </summary>
    public void Subscribe(IStateChangeObserver observer)
    {
        IStateChangeObserver[] current, next;
        do
        {
            current = Volatile.Read(ref _observers);
            next = [.. current, observer];
        }
        while (Interlocked.CompareExchange(ref _observers, next, current) != current);
    }

    private volatile bool _isLoaded;

    /// <summary>Whether the stored state has been loaded, which readiness waits for.</summary>
    public bool IsLoaded => _isLoaded;

    /// <summary>
    /// Loads the stored state, which wins over the table's initial (configured) weights, so a restart never
    /// silently moves traffic. Observers hear of it as a change taken from the store.
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

    /// <summary>
    /// Takes the stored state when another writer of a shared store committed a newer version, and tells the
    /// observers as for a local commit; returns the snapshot in force.
    /// </summary>
    public async Task<RoutingSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RefreshFromStoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sets the split; the stable pool stays. Refused while a rollout runs: it holds the weights.</summary>
    public Task<ChangeResult> SetWeightsAsync(PoolWeights weights, ChangeRequest request, CancellationToken cancellationToken) =>
        ProposeAsync(AuditActions.Weights, current => UnlessRolloutRuns(current) ?? Described(current, current with { Weights = weights }), request, cancellationToken);

    /// <summary>Sends 100 % to <paramref name="to"/>, which becomes the stable pool. Refused while a rollout runs.</summary>
    public Task<ChangeResult> SwitchAsync(Pool to, ChangeRequest request, CancellationToken cancellationToken) =>
        ProposeAsync(
            AuditActions.Switch,
            current => UnlessRolloutRuns(current) ?? Described(current, current with { Weights = PoolWeights.AllOn(to), Stable = to }),
            request,
            cancellationToken);

    /// <summary>Sends 100 % back to the stable pool at once; a running rollout is aborted by it.</summary>
    public Task<ChangeResult> RollbackAsync(ChangeRequest request, CancellationToken cancellationToken) =>
        ProposeAsync(
            AuditActions.Rollback,
            current => current.RunningRollout is not null
                ? RolloutTransitions.Abort(current, _timeProvider.GetUtcNow(), allowRamp: false)
                : Described(current, current with { Weights = PoolWeights.AllOn(current.Stable) }),
            request,
            cancellationToken);

    /// <summary>
    /// Changes pool membership: <paramref name="change"/> gets the overrides in force (under the write lock, so no
    /// other change interleaves) and returns the new ones, or <see langword="null"/> when the change no longer fits
    /// them (<see cref="ChangeOutcome.Conflict"/>).
    /// </summary>
    public Task<ChangeResult> ChangeDestinationsAsync(
        string action, Func<DestinationOverrides, DestinationsChange?> change, ChangeRequest request, CancellationToken cancellationToken) =>
        ProposeAsync(
            action,
            current => change(current.Destinations) is { } proposed
                ? StateProposal.Change(current with { Destinations = proposed.Next }, proposed.From, proposed.To)
                : StateProposal.Refuse("Another change to the same destination landed first; read the state again and retry."),
            request,
            cancellationToken);

    /// <summary>
    /// Records an event that leaves the state as it is (a deleted destination finally removed): a new version and
    /// an audit event with the caller's own description of before and after.
    /// </summary>
    public Task<ChangeResult> RecordAsync(string action, string from, string to, ChangeRequest request, CancellationToken cancellationToken) =>
        ProposeAsync(action, current => StateProposal.Change(current, from, to), request, cancellationToken);

    /// <summary>
    /// Commits what <paramref name="propose"/> makes of the state in force (it runs under the write lock, so no other
    /// change interleaves), audited as <paramref name="action"/> unless the proposal names its own; a refusal is a
    /// <see cref="ChangeOutcome.Conflict"/> carrying its reason.
    /// </summary>
    public async Task<ChangeResult> ProposeAsync(
        string action,
        Func<RoutingSnapshot, StateProposal> propose,
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

            var proposal = propose(current);
            if (proposal.Next is null)
            {
                return new ChangeResult(ChangeOutcome.Conflict, current, proposal.Refusal);
            }

            var next = proposal.Next with { Version = current.Version + 1 };
            var audit = new AuditEvent(
                _timeProvider.GetUtcNow(), request.Actor, proposal.Action ?? action, proposal.From, proposal.To, next.Version, request.Reason);
            if (!await _store.TryCommitAsync(ToStored(next), audit, cancellationToken).ConfigureAwait(false))
            {
                // Another writer of a shared store got there first: nothing of ours was written. Take its state,
                // so the caller's next attempt (with the fresh ETag) can succeed.
                return new ChangeResult(ChangeOutcome.VersionMismatch, await RefreshFromStoreAsync(cancellationToken).ConfigureAwait(false));
            }

            _table.Publish(next);
            Notify(new StateChange(current, next, audit));
            return new ChangeResult(ChangeOutcome.Applied, next);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Publishes the stored state when its version differs from the table's — newer (another writer), or older (the
    /// store lost its last writes) — or, at the first load, whatever is stored
    /// and tells the observers; returns the snapshot in force. Called under the write lock.
    /// </summary>
    private async Task<RoutingSnapshot> RefreshFromStoreAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var current = _table.Current;
        if (stored is null && _isLoaded && current.Version > 0)
        {
            // The store lost the state (a Redis restarted without persistence): put back the one in force, so the
            // fleet's writes go on from it rather than answer 412 forever. Of several proxies, one puts it back.
            var audit = new AuditEvent(_timeProvider.GetUtcNow(), "system", AuditActions.Restore, "-", StateWords.Describe(current), current.Version,
                "the state store had lost the state; this proxy put back the one in force");
            await _store.TrySeedAsync(ToStored(current), audit, cancellationToken).ConfigureAwait(false);
            return current;
        }

        if (stored is null || (_isLoaded && stored.Version == current.Version))
        {
            return current;
        }

        if (_isLoaded && stored.Version < current.Version)
        {
            // The store lost its last writes (a Redis that crashed before persisting them, or put back by a proxy
            // that was behind): it is the fleet's truth, so take it, or every later commit would fail its
            // compare-and-set against a version the store no longer has.
            StoreBehind(_logger, stored.Version, current.Version);
        }

        var refreshed = current with
        {
            Version = stored.Version,
            Weights = stored.Weights,
            Stable = stored.Stable,
            Destinations = stored.Destinations,
            Rollout = stored.Rollout,
            Faults = stored.Faults,
            RollingUpdates = stored.RollingUpdates,
        };
        _table.Publish(refreshed);
        Notify(new StateChange(current, refreshed, Audit: null));
        return refreshed;
    }

    /// <summary>
    /// Tells every observer; one that throws is logged and the others still hear of the change, which is in force
    /// whatever an observer does.
    /// </summary>
    private void Notify(StateChange change)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnChanged(change);
            }
            catch (Exception ex)
            {
                ObserverFailed(_logger, ex, observer.GetType().Name, change.Current.Version);
            }
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "The state store holds version {Stored}, older than this proxy's {Current}: it lost its last writes; taking its state, the fleet's truth")]
    private static partial void StoreBehind(ILogger logger, long stored, long current);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error,
        Message = "{Observer} failed to follow the change to version {Version}; the change is committed and in force")]
    private static partial void ObserverFailed(ILogger logger, Exception exception, string observer, long version);

    private static StoredState ToStored(RoutingSnapshot snapshot) =>
        new(snapshot.Version, snapshot.Weights, snapshot.Stable)
        {
            Destinations = snapshot.Destinations,
            Rollout = snapshot.Rollout,
            Faults = snapshot.Faults,
            RollingUpdates = snapshot.RollingUpdates,
        };

    private static StateProposal Described(RoutingSnapshot current, RoutingSnapshot next) =>
        StateProposal.Change(next, StateWords.Describe(current), StateWords.Describe(next));

    private static StateProposal? UnlessRolloutRuns(RoutingSnapshot current) =>
        current.RunningRollout is { } rollout
            ? StateProposal.Refuse($"Rollout {rollout.Id} is running ({rollout.Status.Name()}) and holds the weights; promote or abort it, or roll back.")
            : null;
}
