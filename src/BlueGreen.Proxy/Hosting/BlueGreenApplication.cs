using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Demo;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.State;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// One BlueGreen process: the data plane (YARP) and the admin plane as two separate web hosts, each with its
/// own listener, so no <c>Host</c> header can reach an admin route through the data-plane port. The admin plane
/// is a thin face over services that live in the data plane's container.
/// </summary>
public sealed class BlueGreenApplication : IAsyncDisposable
{
    private readonly IConfiguration _configuration;
    private readonly AdminTokens _tokens;
    private readonly DemoBackends? _demo;
    private WebApplication? _dataPlane;
    private WebApplication? _adminPlane;

    private BlueGreenApplication(LaunchArguments launch, IConfiguration configuration, string? configFile, BlueGreenOptions options, AdminTokens tokens)
    {
        Launch = launch;
        _configuration = configuration;
        ConfigFile = configFile;
        Options = options;
        _tokens = tokens;
        _demo = launch.Demo ? new DemoBackends() : null;
    }

    /// <summary>The flags the process was started with.</summary>
    public LaunchArguments Launch { get; }

    /// <summary>The configuration file read, or <see langword="null"/> when there was none.</summary>
    public string? ConfigFile { get; }

    /// <summary>The validated options in force.</summary>
    public BlueGreenOptions Options { get; }

    /// <summary>The data plane's services (routing table, traffic switch, state store, YARP).</summary>
    public IServiceProvider Services => DataPlane.Services;

    /// <summary>The data plane's bound addresses (real ports once started, also when configured as port 0).</summary>
    public IReadOnlyList<string> ProxyUrls => [.. DataPlane.Urls];

    /// <summary>The admin plane's bound addresses.</summary>
    public IReadOnlyList<string> AdminUrls => [.. AdminPlane.Urls];

    /// <summary>The operator token the admin plane accepts.</summary>
    public string AdminToken => _tokens.OperatorToken;

    /// <summary>Where a generated admin token was written, or <see langword="null"/> when it was configured.</summary>
    public string? GeneratedTokenFile => _tokens.GeneratedTokenFile;

    private WebApplication DataPlane => _dataPlane ?? throw new InvalidOperationException("The application has not started.");

    private WebApplication AdminPlane => _adminPlane ?? throw new InvalidOperationException("The application has not started.");

    /// <summary>Builds the application from command-line arguments.</summary>
    /// <exception cref="InvalidConfigurationException">The arguments or the configuration cannot be used.</exception>
    public static BlueGreenApplication Create(IReadOnlyList<string> args)
    {
        var launch = LaunchArguments.Parse(args);
        var (configuration, configFile) = BuildConfiguration(launch);
        var options = BlueGreenOptionsLoader.Load(configuration, launch.Demo ? UseDemoPools : null);
        return new BlueGreenApplication(launch, configuration, configFile, options, AdminTokens.Create(options.Admin));
    }

    /// <summary>
    /// Starts the demo backends (if any) so that the first health probes find them, builds both planes, loads
    /// the stored state and only then starts listening.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_demo is not null)
        {
            await _demo.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        _dataPlane = BuildDataPlane(_configuration, Options, Launch.Demo ? UseDemoPools : null);
        _adminPlane = BuildAdminPlane(_configuration, Options, _tokens, _dataPlane.Services);
        _ = Services.GetRequiredService<PoolConfigReloader>();
        await Services.GetRequiredService<TrafficSwitch>().LoadAsync(cancellationToken).ConfigureAwait(false);
        await _dataPlane.StartAsync(cancellationToken).ConfigureAwait(false);
        await _adminPlane.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting connections at once on both planes and waits for in-flight requests up to
    /// <c>BlueGreen:Shutdown:Timeout</c>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            _dataPlane?.StopAsync(cancellationToken) ?? Task.CompletedTask,
            _adminPlane?.StopAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        if (_demo is not null)
        {
            await _demo.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts, prints where everything is, and runs until SIGTERM or Ctrl+C, then shuts down gracefully.</summary>
    public async Task RunAsync()
    {
        await StartAsync().ConfigureAwait(false);
        StartupBanner.Write(Console.Out, this);

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var dataStopping = DataPlane.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        using var adminStopping = AdminPlane.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_adminPlane is not null)
        {
            await _adminPlane.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataPlane is not null)
        {
            await _dataPlane.DisposeAsync().ConfigureAwait(false);
        }
        if (_demo is not null)
        {
            await _demo.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (IConfigurationRoot Configuration, string? ConfigFile) BuildConfiguration(LaunchArguments launch)
    {
        var builder = new ConfigurationBuilder();
        string? configFile = null;
        if (launch.ConfigPath is not null)
        {
            configFile = Path.GetFullPath(launch.ConfigPath);
            if (!File.Exists(configFile))
            {
                throw new InvalidConfigurationException([$"--config: the file {configFile} does not exist."]);
            }
        }
        else if (File.Exists(LaunchArguments.DefaultConfigPath))
        {
            configFile = Path.GetFullPath(LaunchArguments.DefaultConfigPath);
        }

        if (configFile is not null)
        {
            builder.AddJsonFile(configFile, optional: false, reloadOnChange: true);
        }

        builder.AddEnvironmentVariables().AddCommandLine([.. launch.ConfigurationArguments]);
        try
        {
            return (builder.Build(), configFile);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidConfigurationException([$"{configFile}: {ex.Message}"]);
        }
        catch (FormatException ex)
        {
            throw new InvalidConfigurationException([$"command line: {ex.Message}"]);
        }
    }

    private static void UseDemoPools(BlueGreenOptions options)
    {
        // The demo ignores configured pools: it always points them at its own two backends.
        options.Pools.Clear();
        foreach (var (pool, (id, address)) in DemoBackends.Destinations)
        {
            options.Pools[pool.Name()] = new PoolOptions { Destinations = { [id] = address } };
        }
    }

    private static WebApplicationBuilder CreateBuilder(IConfiguration configuration, BlueGreenOptions options, string urls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(BlueGreenApplication).Assembly.GetName().Name,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // Each plane gets a copy of our configuration, not the framework's default sources; a copy, because
        // settings written through a chained source (UseUrls writes "urls") would reach the other plane.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration.AsEnumerable());
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        if (options.Logging.Json)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }

        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter(typeof(AdminTokenAuthenticationHandler).FullName, LogLevel.Warning);

        // The key ring YARP's registration warms up at start-up protects nothing of BlueGreen's: its warnings
        // about where keys are stored would only mislead an operator.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        return builder;
    }

    private static WebApplication BuildDataPlane(IConfiguration configuration, BlueGreenOptions options, Action<BlueGreenOptions>? adjust)
    {
        var builder = CreateBuilder(configuration, options, options.Listen.Proxy);
        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Shutdown.Timeout);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new RoutingTable(CreateInitialSnapshot(options)));
        services.AddSingleton<IStateStore>(new FileStateStore(options.State.Path));
        services.AddSingleton<TrafficSwitch>();
        services.AddSingleton<PoolFailover>();

        // Each application has a registry of its own, so several in one process (as in tests) never mix counts.
        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        services.AddSingleton(new ProxyMetrics(registry));
        services.AddSingleton<IStateChangeObserver>(sp => sp.GetRequiredService<ProxyMetrics>());
        services.AddSingleton<IStateChangeObserver, ChangeLogger>();
        services.AddSingleton<StateMetricsUpdater>();
        services.AddHostedService<HealthTransitionLogger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, PoolEndpointSelectorPolicy>());
        services.AddReverseProxy().LoadFromMemory(ProxyConfigFactory.CreateRoutes(), ProxyConfigFactory.CreateClusters(options));

        // The configuration root itself (not the planes' copies) is the one that sees the file change.
        services.AddSingleton(sp => new PoolConfigReloader(
            configuration, options, adjust, sp.GetRequiredService<InMemoryConfigProvider>(), sp.GetRequiredService<ILogger<PoolConfigReloader>>()));
        // YARP's affinity cookies would need data-protection keys; BlueGreen's own stickiness does not, so
        // ephemeral keys avoid key storage entirely.
        services.AddSingleton<IDataProtectionProvider, EphemeralDataProtectionProvider>();

        var app = builder.Build();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    private static WebApplication BuildAdminPlane(IConfiguration configuration, BlueGreenOptions options, AdminTokens tokens, IServiceProvider dataPlane)
    {
        var builder = CreateBuilder(configuration, options, options.Listen.Admin);
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = AdminJson.MaxBodyBytes);

        // The admin plane reads and changes the data plane's state: the same instances, not copies.
        services.AddSingleton(_ => dataPlane.GetRequiredService<RoutingTable>());
        services.AddSingleton(_ => dataPlane.GetRequiredService<TrafficSwitch>());
        services.AddSingleton(_ => dataPlane.GetRequiredService<IStateStore>());
        services.AddSingleton(_ => dataPlane.GetRequiredService<IProxyStateLookup>());
        services.AddSingleton(_ => dataPlane.GetRequiredService<TimeProvider>());
        var metrics = dataPlane.GetRequiredService<ProxyMetrics>();
        _ = dataPlane.GetRequiredService<StateMetricsUpdater>();

        services.AddSingleton(tokens);
        services.AddSingleton<StateDocumentFactory>();
        services.AddSingleton<IValidator<WeightsRequest>, WeightsRequestValidator>();
        services.AddSingleton<IValidator<SwitchRequest>, SwitchRequestValidator>();
        services.AddSingleton<IValidator<RollbackRequest>, RollbackRequestValidator>();
        services.ConfigureHttpJsonOptions(json => AdminJson.Configure(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        // Authentication core alone: a bearer token needs no cookies, so no data-protection keys either.
        services.AddWebEncoders();
        services.AddAuthenticationCore(auth => auth.DefaultScheme = AdminPolicies.Scheme);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, AdminTokenAuthenticationHandler>(AdminPolicies.Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Read, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicies.Write, policy => policy.RequireRole(AdminTokens.OperatorName));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAdminEndpoints();
        app.MapMetrics("/metrics", metrics.Registry);
        return app;
    }

    private static RoutingSnapshot CreateInitialSnapshot(BlueGreenOptions options)
    {
        PoolWeights.TryFromPercent(options.InitialWeights.Blue, options.InitialWeights.Green, out var weights);
        var stable = weights.GreenBasisPoints > weights.BlueBasisPoints ? Pool.Green : Pool.Blue;
        var policy = new RoutingPolicy(options.Stickiness.Mode, options.Stickiness.Name, options.Override.Enabled);
        return new RoutingSnapshot(Version: 0, weights, stable, policy);
    }
}
