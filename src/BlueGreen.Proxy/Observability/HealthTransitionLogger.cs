using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Observability;

/// <summary>
/// Writes one line per destination health transition (from, to). YARP changes health in several places
/// (probes, ejection, reactivation timers) without a common event, so this compares its live state on a short
/// period: one line per transition, never one per request or per probe.
/// </summary>
internal sealed class HealthTransitionLogger : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    private readonly IProxyStateLookup _proxyState;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HealthTransitionLogger> _logger;
    private readonly Dictionary<(string Pool, string Destination), string> _last = [];

    public HealthTransitionLogger(IProxyStateLookup proxyState, TimeProvider timeProvider, ILogger<HealthTransitionLogger> logger)
    {
        _proxyState = proxyState;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Compares every destination's health with the last look and logs what changed.</summary>
    internal void Check()
    {
        var seen = new HashSet<(string Pool, string Destination)>();
        foreach (var pool in PoolNames.All)
        {
            if (!_proxyState.TryGetCluster(pool.Name(), out var cluster))
            {
                continue;
            }

            foreach (var destination in cluster.Destinations.Values)
            {
                var key = (pool.Name(), destination.DestinationId);
                var health = DestinationHealthView.Describe(destination.Health);
                // YARP starts every destination unknown; one probed before the first look still changed from there.
                var previous = _last.GetValueOrDefault(key, DestinationHealthView.Unknown);
                if (previous != health)
                {
                    // Losing health is what an operator must see; recovering is information.
                    if (health == DestinationHealthView.Unhealthy)
                    {
                        Log.HealthLost(_logger, key.Item1, key.DestinationId, destination.Model.Config.Address, previous, health);
                    }
                    else
                    {
                        Log.HealthChanged(_logger, key.Item1, key.DestinationId, destination.Model.Config.Address, previous, health);
                    }
                }

                _last[key] = health;
                seen.Add(key);
            }
        }

        // Destinations that left YARP's clusters are forgotten, so red-black deploys under new ids leave nothing behind.
        foreach (var key in _last.Keys.Where(key => !seen.Contains(key)).ToList())
        {
            _last.Remove(key);
        }
    }

    /// <summary>Destinations whose health is remembered.</summary>
    internal int Remembered => _last.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _timeProvider);
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
