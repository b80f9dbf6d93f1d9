using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The membership of both pools: the configured destinations with the admin plane's overrides (added destinations,
/// modes, deletions) on top, as committed in the routing state. YARP routes only to active ones; a destination
/// leaves YARP's cluster when it stops being active, and the requests in flight finish on the state they hold,
/// which the registry keeps so their count stays visible until they end.
/// </summary>
internal sealed class DestinationRegistry : IStateChangeObserver
{
    private readonly Lock _lock = new();
    private readonly IProxyStateLookup _proxyState;
    private IReadOnlyDictionary<string, string>[] _configured = [];
    private DestinationOverrides _overrides = DestinationOverrides.None;

    // YARP's state of each destination that stopped being active: its requests in flight still count on it.
    private readonly Dictionary<(Pool Pool, string Id), DestinationState?> _retained = [];

    // Deleted destinations whose requests may still be in flight; shown as draining until the drainer forgets them.
    private readonly Dictionary<(Pool Pool, string Id), Departure> _departing = [];

    public DestinationRegistry(BlueGreenOptions options, IProxyStateLookup proxyState)
    {
        _proxyState = proxyState;
        ReplaceConfigured(options);
    }

    /// <summary>The pool's destinations, departing ones included, ordered by id.</summary>
    public IReadOnlyList<RegisteredDestination> List(Pool pool)
    {
        lock (_lock)
        {
            return Effective(pool, _overrides).Values
                .Concat(_departing.Where(d => d.Key.Pool == pool).Select(d => d.Value.Destination))
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The active destinations of each pool, as YARP's clusters should hold them.</summary>
    public IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> ActiveDestinations()
    {
        lock (_lock)
        {
            return PoolNames.All.ToDictionary(
                pool => pool,
                pool => (IReadOnlyDictionary<string, string>)Effective(pool, _overrides).Values
                    .Where(d => d.Mode == DestinationMode.Active)
                    .ToDictionary(d => d.Id, d => d.Address, StringComparer.Ordinal));
        }
    }

    /// <summary>Finds a destination of the pool, departing ones included.</summary>
    public bool TryGet(Pool pool, string id, out RegisteredDestination destination)
    {
        lock (_lock)
        {
            if (Effective(pool, _overrides).TryGetValue(id, out destination!))
            {
                return true;
            }

            destination = _departing.GetValueOrDefault((pool, id))?.Destination!;
            return destination is not null;
        }
    }

    /// <summary>The version of the change that deleted the destination, while it is departing; otherwise null.</summary>
    public long? DepartureOf(Pool pool, string id)
    {
        lock (_lock)
        {
            return _departing.GetValueOrDefault((pool, id))?.Version;
        }
    }

    /// <summary>
    /// The requests still in flight on a destination that the deletion of version <paramref name="departure"/> made
    /// depart; false once it has come back to the pool, been forgotten, or been deleted again since.
    /// </summary>
    public bool TryGetDepartingInFlight(Pool pool, string id, long departure, out int inFlight)
    {
        lock (_lock)
        {
            if (_departing.GetValueOrDefault((pool, id))?.Version != departure)
            {
                inFlight = 0;
                return false;
            }

            inFlight = _retained.GetValueOrDefault((pool, id))?.ConcurrentRequestCount ?? 0;
            return true;
        }
    }

    /// <summary>The change that adds an active destination; <see langword="null"/> when the pool already has the id.</summary>
    public DestinationsChange? Adding(DestinationOverrides current, Pool pool, string id, string address)
    {
        lock (_lock)
        {
            if (Effective(pool, current).ContainsKey(id) || _departing.ContainsKey((pool, id)))
            {
                return null;
            }
        }

        return new DestinationsChange(current.With(new DestinationOverride(pool, id, address, DestinationMode.Active)), "-", $"{pool.Name()}/{id}={address}");
    }

    /// <summary>
    /// The change that sets a destination's mode; a departing one may only be enabled, which brings it back.
    /// <see langword="null"/> when it is gone, or when a departing one would stay out of rotation anyway.
    /// </summary>
    public DestinationsChange? SettingMode(DestinationOverrides current, Pool pool, string id, DestinationMode mode)
    {
        RegisteredDestination? destination;
        lock (_lock)
        {
            destination = Effective(pool, current).GetValueOrDefault(id) ??
                (mode == DestinationMode.Active ? _departing.GetValueOrDefault((pool, id))?.Destination : null);
        }

        if (destination is null)
        {
            return null;
        }

        var name = $"{pool.Name()}/{id}";
        var address = destination.FromConfiguration ? null : destination.Address;
        return new DestinationsChange(
            current.With(new DestinationOverride(pool, id, address, mode)),
            $"{name} {destination.ModeName}",
            $"{name} {mode.Name()}");
    }

    /// <summary>The change that deletes a destination; <see langword="null"/> when it is gone or already departing.</summary>
    public DestinationsChange? Deleting(DestinationOverrides current, Pool pool, string id)
    {
        RegisteredDestination? destination;
        bool configured;
        lock (_lock)
        {
            destination = Effective(pool, current).GetValueOrDefault(id);
            configured = _configured[(int)pool].ContainsKey(id);
        }

        if (destination is null)
        {
            return null;
        }

        // A configured destination needs a tombstone, or the next start would bring it back from the configuration.
        var next = configured ? current.With(new DestinationOverride(pool, id, null, DestinationMode.Removed)) : current.Without(pool, id);
        var name = $"{pool.Name()}/{id}";
        return new DestinationsChange(next, $"{name} {destination.ModeName}", $"{name} draining, removed once drained");
    }

    /// <summary>Takes the overrides of the state loaded at start-up, before any request was routed.</summary>
    public void Restore(DestinationOverrides overrides)
    {
        lock (_lock)
        {
            _overrides = overrides;
        }
    }

    /// <summary>Follows every committed change: keeps YARP's state of destinations that stop being active.</summary>
    public void OnCommitted(AuditEvent change, RoutingSnapshot snapshot)
    {
        lock (_lock)
        {
            if (snapshot.Destinations.Equals(_overrides))
            {
                return;
            }

            foreach (var pool in PoolNames.All)
            {
                var before = Effective(pool, _overrides);
                var after = Effective(pool, snapshot.Destinations);
                foreach (var (id, was) in before)
                {
                    var key = (pool, id);
                    var state = was.Mode == DestinationMode.Active ? LiveState(pool, id) : _retained.GetValueOrDefault(key);
                    if (!after.TryGetValue(id, out var now))
                    {
                        _departing[key] = new Departure(was with { Mode = DestinationMode.Draining }, snapshot.Version);
                        _retained[key] = state;
                    }
                    else if (was.Mode == DestinationMode.Active && now.Mode != DestinationMode.Active)
                    {
                        _retained[key] = state;
                    }
                }

                foreach (var (id, now) in after)
                {
                    // Back in the pool (enabled or added again): YARP's live state counts from now on.
                    _departing.Remove((pool, id));
                    if (now.Mode == DestinationMode.Active)
                    {
                        _retained.Remove((pool, id));
                    }
                }
            }

            _overrides = snapshot.Destinations;
        }
    }

    /// <summary>
    /// Drops a departing destination once it has drained or its drain timed out; false when it is no longer the
    /// departure of version <paramref name="departure"/> (it came back, or was deleted again since).
    /// </summary>
    public bool Forget(Pool pool, string id, long departure)
    {
        lock (_lock)
        {
            if (_departing.GetValueOrDefault((pool, id))?.Version != departure)
            {
                return false;
            }

            _departing.Remove((pool, id));
            _retained.Remove((pool, id));
            return true;
        }
    }

    /// <summary>
    /// YARP's state of the destination: the live one while it is active, the retained one otherwise (null when
    /// YARP never routed to it).
    /// </summary>
    public DestinationState? StateOf(Pool pool, RegisteredDestination destination)
    {
        if (destination.Mode == DestinationMode.Active)
        {
            return LiveState(pool, destination.Id);
        }

        lock (_lock)
        {
            return _retained.GetValueOrDefault((pool, destination.Id));
        }
    }

    /// <summary>Requests the destination is serving now.</summary>
    public int InFlight(Pool pool, RegisteredDestination destination) => StateOf(pool, destination)?.ConcurrentRequestCount ?? 0;

    /// <summary>The destination's health in the contract's words.</summary>
    public string HealthOf(Pool pool, RegisteredDestination destination) =>
        StateOf(pool, destination) is { } state ? DestinationHealthView.Describe(state.Health) : DestinationHealthView.Unknown;

    /// <summary>Takes the configured destinations from <paramref name="options"/>; the admin plane's overrides stay.</summary>
    public void ReplaceConfigured(BlueGreenOptions options)
    {
        var configured = PoolNames.All
            .Select(pool => options.Pools.TryGetValue(pool.Name(), out var poolOptions)
                ? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(poolOptions.Destinations, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal))
            .ToArray();
        lock (_lock)
        {
            _configured = configured;
            foreach (var pool in PoolNames.All)
            {
                var members = Effective(pool, _overrides);

                // A departing id the configuration brings back is a member again, served on YARP's live state.
                foreach (var key in _departing.Keys.Where(k => k.Pool == pool && members.ContainsKey(k.Id)).ToList())
                {
                    _departing.Remove(key);
                }

                // Keep YARP's state only for destinations that still need it: out of rotation, or departing.
                foreach (var key in _retained.Keys.Where(k => k.Pool == pool && !_departing.ContainsKey(k) &&
                             !(members.TryGetValue(k.Id, out var member) && member.Mode != DestinationMode.Active)).ToList())
                {
                    _retained.Remove(key);
                }
            }
        }
    }

    /// <summary>The pool's members: configured destinations with <paramref name="overrides"/> applied.</summary>
    private Dictionary<string, RegisteredDestination> Effective(Pool pool, DestinationOverrides overrides)
    {
        var configured = _configured[(int)pool];
        var members = configured.ToDictionary(
            d => d.Key, d => new RegisteredDestination(d.Key, d.Value, DestinationMode.Active, FromConfiguration: true), StringComparer.Ordinal);
        foreach (var item in overrides.Items.Where(o => o.Pool == pool))
        {
            if (item.Mode == DestinationMode.Removed)
            {
                members.Remove(item.Id);
            }
            else if (item.Address is not null)
            {
                members[item.Id] = new RegisteredDestination(item.Id, item.Address, item.Mode, FromConfiguration: false);
            }
            else if (configured.TryGetValue(item.Id, out var address))
            {
                members[item.Id] = new RegisteredDestination(item.Id, address, item.Mode, FromConfiguration: true);
            }

            // A mode kept for a destination the configuration no longer has applies to nothing.
        }

        return members;
    }

    /// <summary>A deleted destination as it is shown while it departs, and the version of the change that deleted it.</summary>
    private sealed record Departure(RegisteredDestination Destination, long Version);

    private DestinationState? LiveState(Pool pool, string id) =>
        _proxyState.TryGetCluster(pool.Name(), out var cluster) && cluster.Destinations.TryGetValue(id, out var state) ? state : null;
}
