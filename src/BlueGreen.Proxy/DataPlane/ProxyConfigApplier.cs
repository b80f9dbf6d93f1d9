using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Hands pool membership to YARP and tells when YARP has applied it: YARP reloads asynchronously and may coalesce
/// quick updates, and a change must not be answered as done before it routes requests.
/// </summary>
internal sealed class ProxyConfigApplier : IConfigChangeListener
{
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

    /// <summary>Configurations handed over and not applied yet (each has one waiter).</summary>
    internal int Pending
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Gives YARP the pools' <paramref name="active"/> destinations, with the health settings of
    /// <paramref name="options"/> when a reload brings new ones. The task completes once YARP applied this
    /// configuration or a later one, and fails when YARP could not apply it.
    /// </summary>
    /// <remarks>Callers serialize their calls, so YARP never gets an older membership last.</remarks>
    public Task Submit(IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> active, BlueGreenOptions? options = null)
    {
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _options = options ?? _options;
            _provider.Update(ProxyConfigFactory.CreateRoutes(), ProxyConfigFactory.CreateClusters(_options, active));

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

        return applied.Task;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (on <paramref name="timeProvider"/>'s clock) for a task of
    /// <see cref="Submit"/>; false when it is still pending then, in which case its waiter is dropped rather than
    /// kept until YARP gets round to it.
    /// </summary>
    /// <exception cref="Exception">YARP failed to apply the configuration (rethrown as YARP reported it).</exception>
    public async Task<bool> WaitAsync(Task applied, TimeSpan timeout, TimeProvider timeProvider)
    {
        try
        {
            await applied.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiting.RemoveAll(w => w.Applied.Task == applied);
            }

            return false;
        }
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
