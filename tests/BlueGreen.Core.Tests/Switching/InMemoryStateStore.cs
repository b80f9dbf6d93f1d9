using BlueGreen.Core.State;

namespace BlueGreen.Core.Tests.Switching;

/// <summary>A store in memory with the contract's compare-and-set commit, shared by several switches as a shared store would be.</summary>
internal sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _lock = new();
    private readonly List<AuditEvent> _history = [];
    private StoredState? _state;

    public string Description => "memory";

    public Task<StoredState?> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_state);
        }
    }

    public Task<bool> TryCommitAsync(StoredState next, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if ((_state?.Version ?? 0) != next.Version - 1)
            {
                return Task.FromResult(false);
            }

            _state = next;
            _history.Add(audit);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TrySeedAsync(StoredState state, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_state is not null)
            {
                return Task.FromResult(false);
            }

            _state = state;
            _history.Add(audit);
            return Task.FromResult(true);
        }
    }

    /// <summary>Holds <paramref name="state"/> from now on, as a Redis that lost its last writes does.</summary>
    public void Rewind(StoredState state)
    {
        lock (_lock)
        {
            _state = state;
        }
    }

    /// <summary>Forgets everything, as a Redis restarted without persistence does.</summary>
    public void Lose()
    {
        lock (_lock)
        {
            _state = null;
            _history.Clear();
        }
    }

    public Task<IReadOnlyList<AuditEvent>> ReadHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AuditEvent>>(_history.AsEnumerable().Reverse().Take(limit).ToList());
        }
    }
}
