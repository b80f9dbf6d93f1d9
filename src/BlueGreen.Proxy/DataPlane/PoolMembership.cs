using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The one home of pool membership. A change (add, drain, enable, delete) is committed through the
/// <see cref="TrafficSwitch"/> (stored, versioned, audited); every change in force, committed here or taken from a
/// shared store, is followed here: YARP's clusters get the active destinations, <see cref="DestinationRegistry"/>
/// keeps YARP's state of those leaving rotation, and deleted destinations depart until
/// <see cref="DepartureWatcher"/> sees them drained. Start-up and configuration reloads come through here too.
/// </summary>
internal sealed class PoolMembership : IStateChangeObserver
{
    /// <summary>How long a change waits for YARP to route by it before it is answered as still applying.</summary>
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly TrafficSwitch _trafficSwitch;
    private readonly DestinationRegistry _registry;
    private readonly ProxyConfigApplier _applier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PoolMembership> _logger;
    private readonly SemaphoreSlim _departed = new(0);
    private ConfiguredPools _configured;
    private DestinationOverrides _overrides;
    private Task _lastSubmit = Task.CompletedTask;

    public PoolMembership(
        BlueGreenOptions options,
        RoutingTable table,
        TrafficSwitch trafficSwitch,
        DestinationRegistry registry,
        ProxyConfigApplier applier,
        TimeProvider timeProvider,
        ILogger<PoolMembership> logger)
    {
        _configured = ConfiguredBy(options);
        _overrides = table.Current.Destinations;
        _trafficSwitch = trafficSwitch;
        _registry = registry;
        _applier = applier;
        _timeProvider = timeProvider;
        _logger = logger;

        // Membership changes the state through the switch, so it cannot be one of the observers the switch is built with.
        trafficSwitch.Subscribe(this);
    }

    /// <summary>The configured pools in force (the last configuration loaded), on which the admin plane's overrides apply.</summary>
    public ConfiguredPools Configured
    {
        get
        {
            lock (_lock)
            {
                return _configured;
            }
        }
    }

    /// <summary>The pool's destinations, departing ones included, ordered by id.</summary>
    public IReadOnlyList<PoolMember> List(Pool pool)
    {
        lock (_lock)
        {
            return _configured.Members(pool, _overrides).Values
                .Concat(_registry.DepartingMembers(pool))
                .OrderBy(member => member.Id, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Finds a destination of the pool, departing ones included.</summary>
    public bool TryGet(Pool pool, string id, out PoolMember member)
    {
        lock (_lock)
        {
            member = _configured.Members(pool, _overrides).GetValueOrDefault(id) ?? _registry.DepartureOf(pool, id)?.Member!;
            return member is not null;
        }
    }

    /// <summary>Loads the stored state (weights and membership) and returns once YARP routes to the restored pools.</summary>
    /// <exception cref="InvalidOperationException">YARP did not apply the restored pools in time.</exception>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await _trafficSwitch.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (await WaitForYarpAsync().ConfigureAwait(false) is (not MembershipRouting.Routed, var problem))
        {
            throw new InvalidOperationException($"YARP did not take the stored pools: {problem ?? "it was still applying them after " + ApplyTimeout}.");
        }
    }

    /// <summary>Adds an active destination.</summary>
    public Task<MembershipChangeResult> AddAsync(Pool pool, string id, string address, ChangeRequest request, CancellationToken cancellationToken) =>
        ChangeAsync("destination-add", pool, id, (configured, current, departing) => MembershipChanges.Add(configured, current, pool, id, address, departing), request, cancellationToken);

    /// <summary>Drains (no new requests), disables or enables a destination.</summary>
    public Task<MembershipChangeResult> SetModeAsync(
        string action, Pool pool, string id, DestinationMode mode, ChangeRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(action, pool, id, (configured, current, departing) => MembershipChanges.SetMode(configured, current, pool, id, mode, departing), request, cancellationToken);

    /// <summary>Deletes a destination: it departs, and is removed once drained or when the drain timeout passes.</summary>
    public Task<MembershipChangeResult> DeleteAsync(Pool pool, string id, ChangeRequest request, CancellationToken cancellationToken) =>
        ChangeAsync("destination-delete", pool, id, (configured, current, _) => MembershipChanges.Delete(configured, current, pool, id), request, cancellationToken);

    /// <summary>
    /// Takes new configured destinations (a configuration reload) with their health settings; the admin plane's
    /// overrides stay. Returns how far YARP got.
    /// </summary>
    public async Task<(MembershipRouting Routing, string? Problem)> ReloadAsync(BlueGreenOptions options)
    {
        lock (_lock)
        {
            _configured = ConfiguredBy(options);
            foreach (var pool in PoolNames.All)
            {
                _registry.Reconcile(pool, _configured.Members(pool, _overrides));
            }

            _lastSubmit = _applier.Submit(_configured.Active(_overrides), options);
        }

        return await WaitForYarpAsync().ConfigureAwait(false);
    }

    /// <summary>Follows every change in force: YARP's clusters, retained YARP state and departures.</summary>
    public void OnChanged(StateChange change)
    {
        var departed = false;
        lock (_lock)
        {
            var next = change.Current.Destinations;
            if (next.Equals(_overrides))
            {
                return;
            }

            var since = change.Audit?.At ?? _timeProvider.GetUtcNow();
            foreach (var pool in PoolNames.All)
            {
                var before = _configured.Members(pool, _overrides);
                var after = _configured.Members(pool, next);
                departed |= before.Keys.Any(id => !after.ContainsKey(id));
                _registry.Follow(pool, before, after, change.Current.Version, since, deletedBy: change.Audit?.Actor);
            }

            _overrides = next;
            _lastSubmit = _applier.Submit(_configured.Active(next));
        }

        if (departed)
        {
            _departed.Release();
        }
    }

    /// <summary>Completes when a destination starts departing (at once when one did since the last call).</summary>
    public Task WaitForDepartureAsync(CancellationToken cancellationToken) => _departed.WaitAsync(cancellationToken);

    private async Task<MembershipChangeResult> ChangeAsync(
        string action,
        Pool pool,
        string id,
        Func<ConfiguredPools, DestinationOverrides, PoolMember?, DestinationsChange?> build,
        ChangeRequest request,
        CancellationToken cancellationToken)
    {
        // Runs under the switch's write lock, so the overrides it sees are the ones in force.
        var result = await _trafficSwitch.ChangeDestinationsAsync(
            action,
            current =>
            {
                lock (_lock)
                {
                    return build(_configured, current, _registry.DepartureOf(pool, id)?.Member);
                }
            },
            request,
            cancellationToken).ConfigureAwait(false);
        if (result.Outcome != ChangeOutcome.Applied)
        {
            return new MembershipChangeResult(result, MembershipRouting.Routed);
        }

        var (routing, problem) = await WaitForYarpAsync().ConfigureAwait(false);
        return new MembershipChangeResult(result, routing, problem);
    }

    /// <summary>Waits for YARP to apply the last membership handed to it (which covers every earlier one).</summary>
    private async Task<(MembershipRouting Routing, string? Problem)> WaitForYarpAsync()
    {
        Task submitted;
        lock (_lock)
        {
            submitted = _lastSubmit;
        }

        try
        {
            if (await _applier.WaitAsync(submitted, ApplyTimeout, _timeProvider).ConfigureAwait(false))
            {
                return (MembershipRouting.Routed, null);
            }

            Log.MembershipStillApplying(_logger, ApplyTimeout);
            return (MembershipRouting.Applying, null);
        }
        catch (Exception ex)
        {
            Log.MembershipNotApplied(_logger, ex);
            return (MembershipRouting.Failed, ex.Message);
        }
    }

    private static ConfiguredPools ConfiguredBy(BlueGreenOptions options) => new(ProxyConfigFactory.ConfiguredDestinations(options));
}
