using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Sends a request to the other pool when its own has no available destination (all unhealthy) and the other
/// has one. An episode, from the first such request until the pool has a destination again, is counted and
/// logged once, not per request.
/// </summary>
internal sealed class PoolFailover
{
    private readonly PoolAvailability _availability;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger<PoolFailover> _logger;
    private readonly int[] _inEpisode = new int[2];

    public PoolFailover(PoolAvailability availability, ProxyMetrics metrics, ILogger<PoolFailover> logger)
    {
        _availability = availability;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Returns the pool that serves a request assigned to <paramref name="assigned"/>.</summary>
    public Pool Route(Pool assigned)
    {
        if (_availability.HasAvailableDestination(assigned))
        {
            if (Volatile.Read(ref _inEpisode[(int)assigned]) == 1 && Interlocked.Exchange(ref _inEpisode[(int)assigned], 0) == 1)
            {
                Log.FailoverEnded(_logger, assigned.Name());
            }

            return assigned;
        }

        var other = assigned.Other();
        if (!_availability.HasAvailableDestination(other))
        {
            // Nowhere to go: YARP answers 503 for the assigned pool.
            return assigned;
        }

        if (Interlocked.Exchange(ref _inEpisode[(int)assigned], 1) == 0)
        {
            _metrics.Failovers.WithLabels(assigned.Name()).Inc();
            Log.FailoverStarted(_logger, assigned.Name(), other.Name());
        }

        return other;
    }
}
