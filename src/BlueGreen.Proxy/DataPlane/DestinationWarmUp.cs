using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Slow start (as Envoy's <c>slow_start_config</c>, HAProxy's <c>slowstart</c>): in a pool with
/// <c>BlueGreen:Pools:{pool}:SlowStart</c>, a destination that becomes available — added, enabled, or back to health —
/// warms up, its share of the pool's requests rising from 5 % of its full share to all of it over that time, so a
/// cold cache is not hit by a full share at once. This service looks at the pools ten times a second (YARP has no
/// event for a destination becoming available) and publishes who warms up since when; destinations available at
/// start-up are warm. Runs under the host's lifetime.
/// </summary>
internal sealed class DestinationWarmUp : BackgroundService
{
    /// <summary>How often availability is looked at.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private static readonly IReadOnlyDictionary<DestinationState, DateTimeOffset> None = new Dictionary<DestinationState, DateTimeOffset>();

    private readonly IProxyStateLookup _proxyState;
    private readonly TimeProvider _timeProvider;
    private readonly (Pool Pool, TimeSpan SlowStart)[] _pools;
    private readonly Dictionary<DestinationState, DateTimeOffset> _availableSince = [];
    private volatile IReadOnlyDictionary<DestinationState, DateTimeOffset> _warming = None;
    private bool _looked;

    public DestinationWarmUp(IProxyStateLookup proxyState, TimeProvider timeProvider, BlueGreenOptions options)
    {
        _proxyState = proxyState;
        _timeProvider = timeProvider;
        _pools = [.. PoolNames.All
            .Select(pool => (pool, options.Pools.GetValueOrDefault(pool.Name())?.SlowStart))
            .Where(p => p.SlowStart is not null)
            .Select(p => (p.pool, p.SlowStart!.Value))];
    }

    /// <summary>Whether any destination warms up now: the request path's one check when none does.</summary>
    public bool AnyWarming => _warming.Count > 0;

    /// <summary>The share of its full share <paramref name="destination"/> gets now: 1 unless it warms up.</summary>
    public double ShareOf(DestinationState destination, Pool pool)
    {
        if (!_warming.TryGetValue(destination, out var since))
        {
            return 1;
        }

        var slowStart = Array.Find(_pools, p => p.Pool == pool).SlowStart;
        return slowStart > TimeSpan.Zero ? WarmUp.Share(_timeProvider.GetUtcNow() - since, slowStart) : 1;
    }

    /// <summary>Looks at every pool with a slow start once.</summary>
    internal void Check()
    {
        var now = _timeProvider.GetUtcNow();
        var available = new HashSet<DestinationState>();
        var warming = new Dictionary<DestinationState, DateTimeOffset>();
        foreach (var (pool, slowStart) in _pools)
        {
            if (!_proxyState.TryGetCluster(pool.Name(), out var cluster))
            {
                continue;
            }

            foreach (var destination in cluster.DestinationsState.AvailableDestinations)
            {
                available.Add(destination);

                // New to availability (not at the first look, when everything serving is warm already).
                if (!_availableSince.TryGetValue(destination, out var since))
                {
                    since = _looked ? now : DateTimeOffset.MinValue;
                    _availableSince[destination] = since;
                }

                if (since != DateTimeOffset.MinValue && now - since < slowStart)
                {
                    warming[destination] = since;
                }
            }
        }

        // A destination that left availability warms up again when it comes back.
        foreach (var gone in _availableSince.Keys.Where(d => !available.Contains(d)).ToList())
        {
            _availableSince.Remove(gone);
        }

        _looked = true;
        _warming = warming.Count == 0 ? None : warming;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_pools.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckInterval, _timeProvider);
        try
        {
            do
            {
                Check();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
