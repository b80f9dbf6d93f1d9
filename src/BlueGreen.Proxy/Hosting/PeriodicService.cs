namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// A hosted service that does one piece of work every period under the host's lifetime. A run that fails is logged
/// once per episode of failures (not once a period) and the next period tries again; shutdown stops it.
/// </summary>
internal abstract class PeriodicService : BackgroundService
{
    private readonly TimeSpan _period;
    private readonly TimeProvider _timeProvider;

    protected PeriodicService(TimeSpan period, TimeProvider timeProvider)
    {
        _period = period;
        _timeProvider = timeProvider;
    }

    /// <summary>The work of one period.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs the first failure of an episode.</summary>
    protected abstract void LogFailure(Exception exception);

    /// <summary>Called once the loop has stopped, on shutdown.</summary>
    protected virtual void OnStopped()
    {
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period, _timeProvider);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    failing = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (!failing)
                    {
                        LogFailure(ex);
                    }

                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what the work keeps is stored, and goes on at the next start.
        }
        finally
        {
            OnStopped();
        }
    }
}
