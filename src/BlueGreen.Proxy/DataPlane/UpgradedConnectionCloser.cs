using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Closes the upgraded connections (WebSockets) still open on a drained or disabled destination once
/// <c>BlueGreen:Drain:Timeout</c> has passed since it left rotation (a deleted destination's are closed by
/// <see cref="DepartureWatcher"/> when its departure times out). Runs under the host's lifetime, and looks at the
/// clock only while a close is pending.
/// </summary>
internal sealed class UpgradedConnectionCloser : BackgroundService
{
    /// <summary>How often pending closes are looked at while there are any.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly UpgradedConnections _connections;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UpgradedConnectionCloser> _logger;

    public UpgradedConnectionCloser(UpgradedConnections connections, TimeProvider timeProvider, ILogger<UpgradedConnectionCloser> logger)
    {
        _connections = connections;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Closes the connections of every destination whose close is due; returns how many closes are still pending.</summary>
    internal int Check()
    {
        var due = _connections.TakeDue(_timeProvider.GetUtcNow(), out var pending);
        foreach (var (pool, id) in due)
        {
            var closed = _connections.CloseAll(pool, id);
            if (closed > 0)
            {
                Log.UpgradedConnectionsClosed(_logger, closed, pool.Name(), id, _connections.Timeout);
            }
        }

        return pending;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _connections.WaitForScheduledAsync(stoppingToken).ConfigureAwait(false);
                while (Check() > 0)
                {
                    await Task.Delay(PollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the host's own shutdown timeout ends the connections still open.
        }
    }
}
