using BlueGreen.Proxy.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Pushes pool membership into YARP and waits until YARP has applied it: YARP reloads asynchronously,
/// and an admin call must not answer before its change routes requests.
/// </summary>
internal sealed class ProxyConfigApplier : IConfigChangeListener
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly InMemoryConfigProvider _provider;
    private BlueGreenOptions _options;
    private readonly List<(IProxyConfig Config, TaskCompletionSource Applied)> _waiting = [];
    private IReadOnlyList<IProxyConfig> _lastApplied = [];

    public ProxyConfigApplier(InMemoryConfigProvider provider, BlueGreenOptions options)
    {
        _provider = provider;
        _options = options;
    }

    /// <summary>
    /// Gives YARP the pools' active destinations as <paramref name="registry"/> holds them now, with the health
    /// settings of <paramref name="options"/> when a reload brings new ones, and returns once they route requests.
    /// </summary>
    /// <remarks>
    /// The registry is read under the lock, so concurrent callers cannot hand YARP an older membership last. It is
    /// passed in rather than injected because YARP's own services depend on this listener.
    /// </remarks>
    public Task ApplyAsync(DestinationRegistry registry, BlueGreenOptions? options = null)
    {
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _options = options ?? _options;
            _provider.Update(ProxyConfigFactory.CreateRoutes(), ProxyConfigFactory.CreateClusters(_options, registry.ActiveDestinations()));

            // YARP may apply the update before Update returns (on this thread), so look at what it last applied too.
            var config = _provider.GetConfig();
            if (_lastApplied.Contains(config))
            {
                applied.TrySetResult();
            }
            else
            {
                _waiting.Add((config, applied));
            }
        }

        return applied.Task.WaitAsync(ApplyTimeout);
    }

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        lock (_lock)
        {
            _lastApplied = proxyConfigs;

            // YARP may coalesce quick updates: once a config is applied, every one handed over before it is done too.
            var last = _waiting.FindLastIndex(w => proxyConfigs.Contains(w.Config));
            for (var i = 0; i <= last; i++)
            {
                _waiting[i].Applied.TrySetResult();
            }

            _waiting.RemoveRange(0, last + 1);
        }
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        lock (_lock)
        {
            foreach (var (_, applied) in _waiting)
            {
                applied.TrySetException(exception);
            }

            _waiting.Clear();
        }
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }
}
