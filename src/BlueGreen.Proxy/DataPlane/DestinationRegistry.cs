using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The membership of both pools: configured destinations, destinations added through the admin plane, and each
/// one's mode. YARP routes only to active ones; a destination leaves YARP's cluster when it drains, and the
/// requests in flight finish on the state they hold.
/// </summary>
internal sealed class DestinationRegistry
{
    private readonly Lock _lock = new();
    private readonly IProxyStateLookup _proxyState;
    private readonly Dictionary<string, RegisteredDestination>[] _pools = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    public DestinationRegistry(BlueGreenOptions options, IProxyStateLookup proxyState)
    {
        _proxyState = proxyState;
        ReplaceConfigured(options);
    }

    /// <summary>The pool's destinations, ordered by id.</summary>
    public IReadOnlyList<RegisteredDestination> List(Pool pool)
    {
        lock (_lock)
        {
            return _pools[(int)pool].Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The active destinations of each pool, as YARP's clusters should hold them.</summary>
    public IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> ActiveDestinations()
    {
        lock (_lock)
        {
            return PoolNames.All.ToDictionary(
                pool => pool,
                pool => (IReadOnlyDictionary<string, string>)_pools[(int)pool].Values
                    .Where(d => d.Mode == DestinationMode.Active)
                    .ToDictionary(d => d.Id, d => d.Address, StringComparer.Ordinal));
        }
    }

    public bool TryGet(Pool pool, string id, out RegisteredDestination destination)
    {
        lock (_lock)
        {
            return _pools[(int)pool].TryGetValue(id, out destination!);
        }
    }

    /// <summary>Adds an active destination; false when the pool already has that id.</summary>
    public bool TryAdd(Pool pool, string id, string address)
    {
        lock (_lock)
        {
            return _pools[(int)pool].TryAdd(id, new RegisteredDestination(id, address, DestinationMode.Active, FromConfiguration: false));
        }
    }

    /// <summary>Sets a destination's mode; leaving active keeps YARP's state of it for the requests in flight.</summary>
    public void SetMode(Pool pool, string id, DestinationMode mode)
    {
        lock (_lock)
        {
            var destination = _pools[(int)pool][id];
            var retained = destination.Mode == DestinationMode.Active && mode != DestinationMode.Active
                ? LiveState(pool, id)
                : destination.Retained;
            _pools[(int)pool][id] = destination with { Mode = mode, Retained = mode == DestinationMode.Active ? null : retained };
        }
    }

    public void Remove(Pool pool, string id)
    {
        lock (_lock)
        {
            _pools[(int)pool].Remove(id);
        }
    }

    /// <summary>
    /// YARP's state of the destination: the live one while it is active, the retained one while it drains (null
    /// when YARP never routed to it).
    /// </summary>
    public Yarp.ReverseProxy.Model.DestinationState? StateOf(Pool pool, RegisteredDestination destination) =>
        destination.Mode == DestinationMode.Active ? LiveState(pool, destination.Id) : destination.Retained;

    /// <summary>Requests the destination is serving now.</summary>
    public int InFlight(Pool pool, RegisteredDestination destination) => StateOf(pool, destination)?.ConcurrentRequestCount ?? 0;

    /// <summary>The destination's health in the contract's words.</summary>
    public string HealthOf(Pool pool, RegisteredDestination destination) =>
        StateOf(pool, destination) is { } state ? DestinationHealthView.Describe(state.Health) : DestinationHealthView.Unknown;

    /// <summary>Takes the configured destinations from <paramref name="options"/>; added ones and modes of kept ids stay.</summary>
    public void ReplaceConfigured(BlueGreenOptions options)
    {
        lock (_lock)
        {
            foreach (var pool in PoolNames.All)
            {
                var destinations = _pools[(int)pool];
                var configured = options.Pools.TryGetValue(pool.Name(), out var poolOptions) ? poolOptions.Destinations : [];
                foreach (var stale in destinations.Values.Where(d => d.FromConfiguration && !configured.ContainsKey(d.Id)).ToList())
                {
                    destinations.Remove(stale.Id);
                }

                foreach (var (id, address) in configured)
                {
                    destinations[id] = destinations.TryGetValue(id, out var known)
                        ? known with { Address = address, FromConfiguration = true }
                        : new RegisteredDestination(id, address, DestinationMode.Active, FromConfiguration: true);
                }
            }
        }
    }

    private Yarp.ReverseProxy.Model.DestinationState? LiveState(Pool pool, string id) =>
        _proxyState.TryGetCluster(pool.Name(), out var cluster) && cluster.Destinations.TryGetValue(id, out var state) ? state : null;
}
