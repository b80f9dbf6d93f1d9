using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Tls;

/// <summary>
/// Looks at a plane's certificate files every second and has the listener serve a renewed certificate without a
/// restart. Contents are compared, so two small reads a second are the whole cost while nothing changes.
/// </summary>
internal sealed class CertificateReloader : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ServerCertificate _certificate;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CertificateReloader> _logger;

    public CertificateReloader(ServerCertificate certificate, TimeProvider timeProvider, ILogger<CertificateReloader> logger)
    {
        _certificate = certificate;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var section = _certificate.Section;
        Log.CertificateServed(_logger, section.Plane, _certificate.Current.Description, section.Options.CertificatePath);
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var reload = _certificate.Reload(_timeProvider.GetUtcNow());
                    if (reload.Loaded is { } loaded)
                    {
                        Log.CertificateReloaded(_logger, section.Plane, loaded.Description);
                    }
                    else if (reload.Problem is { } problem)
                    {
                        Log.CertificateRejected(_logger, section.Plane, _certificate.Current.Description, problem);
                    }
                }
                catch (Exception ex)
                {
                    // One failed look must not end reloading: the certificate in force stays, the next look tries again.
                    Log.CertificateReloadFailed(_logger, ex, section.Plane);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
