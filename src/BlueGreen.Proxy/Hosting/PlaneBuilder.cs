using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.Tls;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// What both planes' web hosts share: BlueGreen's configuration, their listeners and certificates, the limits on what a
/// client may cost (<see cref="ClientLimits"/>), and quiet logs.
/// </summary>
internal static class PlaneBuilder
{
    /// <summary>A plane's host listening on <paramref name="urls"/>; its <c>https://</c> URLs serve the certificate <paramref name="tls"/> names.</summary>
    /// <exception cref="InvalidConfigurationException">The certificate files cannot be used (they changed since the configuration was checked).</exception>
    public static WebApplicationBuilder Create(IConfiguration configuration, BlueGreenOptions options, string urls, TlsSection tls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(BlueGreenApplication).Assembly.GetName().Name,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // Each plane gets a copy of our configuration, not the framework's default sources; a copy, because
        // settings the host writes through a chained source would reach the other plane.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration.AsEnumerable());
        var certificate = PlaneListeners.AnyHttps(urls) ? ServerCertificate.Load(tls, TimeProvider.System.GetUtcNow()) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            ClientLimits.Apply(kestrel.Limits);
            PlaneListeners.Bind(kestrel, urls, certificate);
        });
        if (certificate is not null)
        {
            builder.Services.AddHostedService(sp => new CertificateReloader(
                certificate, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CertificateReloader>>()));
        }

        if (options.Logging.Json)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }

        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        // YARP logs every failed probe as a warning carrying the whole exception; ProbeLoggingHealthPolicy writes one
        // line per failed probe instead, and the monitor's real errors still come through.
        builder.Logging.AddFilter("Yarp.ReverseProxy.Health.ActiveHealthCheckMonitor", LogLevel.Error);

        // Its health changes are HealthTransitionLogger's lines (one per transition, with pool and address).
        builder.Logging.AddFilter("Yarp.ReverseProxy.Health.DestinationHealthUpdater", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Perf: while this category can log at all, ASP.NET Core starts an Activity and a log scope for every request,
        // and HttpClient then writes that Activity's own traceparent into every forwarded request (about 4 µs of CPU a
        // request, benchmarks/README.md). BlueGreen writes no request logs and does not trace: the caller's trace
        // context reaches the backend as it came. A tracing listener in the process (OpenTelemetry) still gets its spans.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // Kestrel warns once for every connection refused at the cap, a flood of lines during a flood of connections;
        // KestrelLimitListener writes one line per episode instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter(typeof(AdminTokenAuthenticationHandler).FullName, LogLevel.Warning);

        // The key ring YARP's registration warms up at start-up protects nothing of BlueGreen's: its warnings
        // about where keys are stored would only mislead an operator.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        return builder;
    }
}
