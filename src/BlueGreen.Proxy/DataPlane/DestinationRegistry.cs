using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// YARP's state of the destinations it no longer routes to: a destination that stops being active leaves YARP's
/// cluster, and the requests in flight finish on the <see cref="DestinationState"/> they hold, which the registry
/// keeps so their count (and health) stays visible until they end; deleted destinations depart until their drain
/// ends. Membership itself (who is in which pool) is <see cref="PoolMembership"/>'s. A destination that leaves rotation
/// without departing has its WebSockets closed at the drain timeout (<see cref="UpgradedConnections"/>).
/// </summary>
internal sealed class DestinationRegistry
{
    private readonly Lock _lock = new();
    private readonly IProxyStateLookup _proxyState;
    private readonly UpgradedConnections _upgraded;

    // YARP's state of each destination that stopped being active: its requests in flight still count on it.
    private readonly Dictionary<(Pool Pool, string Id), DestinationState?> _retained = [];
    private readonly Dictionary<(Pool Pool, string Id), Departure> _departing = [];

    public DestinationRegistry(IProxyStateLookup proxyState, UpgradedConnections upgraded)
    {
        _proxyState = proxyState;
        _upgraded = upgraded;
    }

    /// <summary>
    /// Follows one pool's members from <paramref name="before"/> to <paramref name="after"/>: keeps YARP's state of
    /// destinations that stop being active, and makes deleted ones depart.
    /// </summary>
    public void Follow(
        Pool pool,
        IReadOnlyDictionary<string, PoolMember> before,
        IReadOnlyDictionary<string, PoolMember> after,
        long version,
        DateTimeOffset since,
        string? deletedBy)
    {
        lock (_lock)
        {
            foreach (var (id, was) in before)
            {
                var key = (pool, id);
                var state = was.Mode == DestinationMode.Active ? LiveState(pool, id) : _retained.GetValueOrDefault(key);
                if (!after.TryGetValue(id, out var now))
                {
                    _departing[key] = new Departure(pool, was with { Mode = DestinationMode.Draining }, version, since, deletedBy);
                    _retained[key] = state;

                    // Its departure's timeout closes them now, counted from the deletion.
                    _upgraded.CancelClose(pool, id);
                }
                else if (was.Mode == DestinationMode.Active && now.Mode != DestinationMode.Active)
                {
                    _retained[key] = state;
                    _upgraded.LeftRotation(pool, id, since);
                }
            }

            foreach (var (id, now) in after)
            {
                // Back in the pool (enabled or added again): YARP's live state counts from now on.
                _departing.Remove((pool, id));
                if (now.Mode == DestinationMode.Active)
                {
                    _retained.Remove((pool, id));
                    _upgraded.CancelClose(pool, id);
                }
            }
        }
    }

    /// <summary>
    /// After the configured destinations changed: a departing id that is a member again is served on YARP's live
    /// state, and YARP's state is kept only for destinations still out of rotation or departing.
    /// </summary>
    public void Reconcile(Pool pool, IReadOnlyDictionary<string, PoolMember> members)
    {
        lock (_lock)
        {
            foreach (var key in _departing.Keys.Where(k => k.Pool == pool && members.ContainsKey(k.Id)).ToList())
            {
                _departing.Remove(key);
            }

            foreach (var key in _retained.Keys.Where(k => k.Pool == pool && !_departing.ContainsKey(k) &&
                         !(members.TryGetValue(k.Id, out var member) && member.Mode != DestinationMode.Active)).ToList())
            {
                _retained.Remove(key);
            }
        }
    }

    /// <summary>The pool's departing destinations.</summary>
    public IReadOnlyList<PoolMember> DepartingMembers(Pool pool)
    {
        lock (_lock)
        {
            return _departing.Values.Where(d => d.Pool == pool).Select(d => d.Member).ToList();
        }
    }

    /// <summary>The departing destination of that id, or <see langword="null"/>.</summary>
    public Departure? DepartureOf(Pool pool, string id)
    {
        lock (_lock)
        {
            return _departing.GetValueOrDefault((pool, id));
        }
    }

    /// <summary>Every departure now.</summary>
    public IReadOnlyList<Departure> Departures()
    {
        lock (_lock)
        {
            return [.. _departing.Values];
        }
    }

    /// <summary>
    /// The requests still in flight on the destination of <paramref name="departure"/>; false once it has come back
    /// to the pool, been forgotten, or been deleted again since.
    /// </summary>
    public bool TryGetInFlight(Departure departure, out int inFlight)
    {
        lock (_lock)
        {
            var key = (departure.Pool, departure.Member.Id);
            if (_departing.GetValueOrDefault(key)?.Version != departure.Version)
            {
                inFlight = 0;
                return false;
            }

            inFlight = _retained.GetValueOrDefault(key)?.ConcurrentRequestCount ?? 0;
            return true;
        }
    }

    /// <summary>Drops a departure once it has drained or timed out; false when it is no longer that departure.</summary>
    public bool Forget(Departure departure)
    {
        lock (_lock)
        {
            var key = (departure.Pool, departure.Member.Id);
            if (_departing.GetValueOrDefault(key)?.Version != departure.Version)
            {
                return false;
            }

            _departing.Remove(key);
            _retained.Remove(key);
            return true;
        }
    }

    /// <summary>
    /// YARP's state of the destination: the live one while it is active, the retained one otherwise (null when
    /// YARP never routed to it).
    /// </summary>
    public DestinationState? StateOf(Pool pool, PoolMember member)
    {
        if (member.Mode == DestinationMode.Active)
        {
            return LiveState(pool, member.Id);
        }

        lock (_lock)
        {
            return _retained.GetValueOrDefault((pool, member.Id));
        }
    }

    /// <summary>Requests the destination is serving now.</summary>
    public int InFlight(Pool pool, PoolMember member) => StateOf(pool, member)?.ConcurrentRequestCount ?? 0;

    /// <summary>The destination's health in the contract's words.</summary>
    public string HealthOf(Pool pool, PoolMember member) =>
        StateOf(pool, member) is { } state ? DestinationHealthView.Describe(state.Health) : DestinationHealthView.Unknown;

    private DestinationState? LiveState(Pool pool, string id) =>
        _proxyState.TryGetCluster(pool.Name(), out var cluster) && cluster.Destinations.TryGetValue(id, out var state) ? state : null;
}
