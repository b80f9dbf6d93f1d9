using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;
using Microsoft.Extensions.Primitives;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Applies pool changes from the configuration file without a restart: on every change the whole configuration is
/// validated again, and only a valid one replaces YARP's clusters; an invalid one is logged and the last good pools
/// stay. Weights are routing state, not configuration, so a reload never moves traffic.
/// </summary>
internal sealed class PoolConfigReloader : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly Action<BlueGreenOptions>? _adjust;
    private readonly DestinationRegistry _registry;
    private readonly ProxyConfigApplier _applier;
    private readonly ILogger<PoolConfigReloader> _logger;
    private readonly IDisposable _subscription;
    private string _applied;

    public PoolConfigReloader(
        IConfiguration configuration,
        BlueGreenOptions initial,
        Action<BlueGreenOptions>? adjust,
        DestinationRegistry registry,
        ProxyConfigApplier applier,
        ILogger<PoolConfigReloader> logger)
    {
        _configuration = configuration;
        _adjust = adjust;
        _registry = registry;
        _applier = applier;
        _logger = logger;
        _applied = Describe(initial);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public void Dispose() => _subscription.Dispose();

    private void Reload()
    {
        BlueGreenOptions options;
        try
        {
            options = BlueGreenOptionsLoader.Load(_configuration, _adjust);
        }
        catch (InvalidConfigurationException ex)
        {
            Log.ConfigurationRejected(_logger, string.Join("; ", ex.Problems));
            return;
        }

        var pools = Describe(options);
        if (pools == _applied)
        {
            return;
        }

        // Destinations added through the admin plane, and every kept destination's mode, stay.
        _registry.ReplaceConfigured(options);
        _ = _applier.ApplyAsync(_registry, options);
        Log.PoolsReloaded(_logger, _applied, pools);
        _applied = pools;
    }

    private static string Describe(BlueGreenOptions options) =>
        string.Join(
            "; ",
            options.Pools.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(pool =>
                $"{pool.Key}: " + string.Join(", ", pool.Value.Destinations.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"))));
}
