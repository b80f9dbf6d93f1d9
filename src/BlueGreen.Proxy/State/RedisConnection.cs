using StackExchange.Redis;

namespace BlueGreen.Proxy.State;

/// <summary>
/// The data plane's one connection to Redis, shared by the store, the change feed, the rollout lease and the fleet's
/// outcomes. It keeps reconnecting in the background after a failure, and a call while Redis is away fails within
/// <see cref="Timeout"/> rather than hanging (as it would on a frozen Redis).
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    /// <summary>How long a call to Redis may take before it counts as a failure.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly ConnectionMultiplexer _multiplexer;

    public RedisConnection(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        options.SyncTimeout = (int)Timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)Timeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(250);
        options.KeepAlive = 1;
        Endpoint = string.Join(",", options.EndPoints.Select(e => e.ToString()));
        _multiplexer = ConnectionMultiplexer.Connect(options);
    }

    /// <summary>Where Redis is, for messages.</summary>
    public string Endpoint { get; }

    public IDatabase Database => _multiplexer.GetDatabase();

    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    public ValueTask DisposeAsync() => _multiplexer.DisposeAsync();
}
