using System.Threading.Channels;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Observability;
using Microsoft.Extensions.Primitives;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Applies pool changes from the configuration file without a restart: on every change the whole configuration is
/// validated again, and only a valid one replaces YARP's clusters; an invalid one is logged and the last good pools
/// stay. Weights are routing state, not configuration, so a reload never moves traffic. Runs under the host's
/// lifetime: a reload is logged as done only once YARP routes by it.
/// </summary>
internal sealed class PoolConfigReloader : BackgroundService
{
    private readonly IConfiguration _configuration;
    private readonly Action<BlueGreenOptions>? _adjust;
    private readonly PoolMembership _membership;
    private readonly ILogger<PoolConfigReloader> _logger;

    // File watchers fire several times per save: one pending signal is enough, the reload reads the latest file.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private string _applied;

    public PoolConfigReloader(
        IConfiguration configuration,
        BlueGreenOptions initial,
        Action<BlueGreenOptions>? adjust,
        PoolMembership membership,
        ILogger<PoolConfigReloader> logger)
    {
        _configuration = configuration;
        _adjust = adjust;
        _membership = membership;
        _logger = logger;
        _applied = Describe(initial);
    }

    /// <summary>Validates the configuration as it is now and, when its pools changed, applies them.</summary>
    internal async Task ReloadAsync()
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
        var (routing, problem) = await _membership.ReloadAsync(options).ConfigureAwait(false);
        switch (routing)
        {
            case MembershipRouting.Routed:
                Log.PoolsReloaded(_logger, _applied, pools);
                _applied = pools;
                break;
            case MembershipRouting.Applying:
                Log.PoolsReloadPending(_logger, pools);
                _applied = pools;
                break;
            default:
                Log.PoolsReloadFailed(_logger, pools, problem);
                break;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = ChangeToken.OnChange(_configuration.GetReloadToken, () => _changed.Writer.TryWrite(true));
        try
        {
            await foreach (var _ in _changed.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ReloadAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // One failed reload must not end reloading: the last good pools stay, the next save tries again.
                    Log.PoolsReloadCrashed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static string Describe(BlueGreenOptions options) =>
        string.Join(
            "; ",
            options.Pools.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(pool =>
                $"{pool.Key}: " + string.Join(", ", pool.Value.Destinations.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"))));
}
