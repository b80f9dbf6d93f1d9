using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.State;
using StackExchange.Redis;

namespace BlueGreen.Proxy.Fleet;

/// <summary>
/// Keeps this proxy on the store's newest state: a change another proxy commits is announced on a Redis channel and
/// taken at once, through the same observers as a local commit (weights, YARP's clusters, departures); a look every
/// <see cref="CheckInterval"/> catches an announcement lost while a connection blipped. It also tells whether the
/// store is reachable (<c>bluegreen_state_store_up</c>, one log line per outage). Runs under the host's lifetime.
/// </summary>
internal sealed class StateStoreFollower : BackgroundService
{
    /// <summary>How often the store is looked at without an announcement.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly TrafficSwitch _trafficSwitch;
    private readonly IStateStore _store;
    private readonly RedisConnection? _redis;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger<StateStoreFollower> _logger;
    private readonly SemaphoreSlim _announced = new(0);
    private bool _down;

    public StateStoreFollower(TrafficSwitch trafficSwitch, IStateStore store, IServiceProvider services, ProxyMetrics metrics, TimeProvider timeProvider, ILogger<StateStoreFollower> logger)
    {
        _trafficSwitch = trafficSwitch;
        _store = store;
        _redis = services.GetService<RedisConnection>();
        _metrics = metrics;
        _logger = logger;
        metrics.StateStoreUp.Set(1);
    }

    /// <summary>Listens for announcements; once subscribed, the subscription comes back by itself with the connection.</summary>
    private async Task<bool> TrySubscribeAsync(RedisConnection redis)
    {
        try
        {
            await redis.Subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.Changes), (_, _) => _announced.Release()).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false; // Redis is away: the periodic look goes on, and the next round subscribes again.
        }
    }

    /// <summary>Takes the store's state if it is newer, and notes whether the store answered.</summary>
    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await _trafficSwitch.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (_down)
            {
                _down = false;
                Log.StateStoreBack(_logger, _store.Description, snapshot.Version);
            }

            _metrics.StateStoreUp.Set(1);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the store threw: this loop must outlive any outage, and the proxy keeps serving.
            if (!_down)
            {
                _down = true;
                Log.StateStoreDown(_logger, _store.Description, ex.Message);
            }

            _metrics.StateStoreUp.Set(0);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscribed = _redis is null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                subscribed = subscribed || await TrySubscribeAsync(_redis!).ConfigureAwait(false);
                await _announced.WaitAsync(CheckInterval, stoppingToken).ConfigureAwait(false);
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
