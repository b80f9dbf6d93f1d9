namespace BlueGreen.Core.State;

/// <summary>
/// Where the routing state and its audit history live across restarts and, for shared stores, across proxy
/// instances. Implementations must pass the contract tests every store runs.
/// </summary>
public interface IStateStore
{
    /// <summary>A short description for start-up output, e.g. <c>file data/state.json</c>.</summary>
    string Description { get; }

    /// <summary>Returns the stored state, or <see langword="null"/> when nothing was ever committed.</summary>
    /// <exception cref="StateStoreUnavailableException">The store cannot be read.</exception>
    Task<StoredState?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="next"/> and appends <paramref name="audit"/> as one atomic step, but only when the
    /// stored version is <c>next.Version - 1</c> (0 when nothing is stored); returns whether it committed.
    /// </summary>
    /// <exception cref="StateStoreUnavailableException">The store cannot be written; nothing was committed.</exception>
    Task<bool> TryCommitAsync(StoredState next, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="state"/> as it is (its version kept) and appends <paramref name="audit"/>, but only when
    /// nothing is stored: a proxy that still has the state puts it back into a store that lost it (a Redis restarted
    /// without persistence). Returns whether it stored it.
    /// </summary>
    /// <exception cref="StateStoreUnavailableException">The store cannot be written; nothing was stored.</exception>
    Task<bool> TrySeedAsync(StoredState state, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Returns up to <paramref name="limit"/> audit events, newest first.</summary>
    /// <exception cref="StateStoreUnavailableException">The store cannot be read.</exception>
    Task<IReadOnlyList<AuditEvent>> ReadHistoryAsync(int limit, CancellationToken cancellationToken);
}
