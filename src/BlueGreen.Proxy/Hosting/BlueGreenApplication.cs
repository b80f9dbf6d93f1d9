using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Demo;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// One BlueGreen process: the data plane (YARP) and the admin plane as two separate web hosts, each with its
/// own listener, so no <c>Host</c> header can reach an admin route through the data-plane port. The admin plane
/// is a thin face over services that live in the data plane's container.
/// </summary>
public sealed class BlueGreenApplication : IAsyncDisposable
{
    /// <summary>Where <c>--demo</c> keeps its state unless <c>BlueGreen:State:Path</c> is given.</summary>
    public const string DemoStatePath = "data/demo/state.json";

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
        _demo = launch.Demo ? new DemoBackends(options.Demo) : null;
    }

    /// <summary>The flags the process was started with.</summary>
    public LaunchArguments Launch { get; }

    /// <summary>The configuration file read, or <see langword="null"/> when there was none.</summary>
    public string? ConfigFile { get; }

    /// <summary>The validated options in force.</summary>
    public BlueGreenOptions Options { get; }

    /// <summary>The data plane's cap on open client connections, from the open-file limit at start.</summary>
    internal ConnectionCap Connections { get; } = ConnectionCap.ForThisProcess();

    /// <summary>The data plane's services (routing table, traffic switch, state store, YARP).</summary>
    public IServiceProvider Services => DataPlane.Services;

    /// <summary>The admin plane's services (its endpoints, authentication, the token lockout).</summary>
    internal IServiceProvider AdminServices => AdminPlane.Services;

    /// <summary>The data plane's bound addresses (real ports once started, also when configured as port 0).</summary>
    public IReadOnlyList<string> ProxyUrls => [.. DataPlane.Urls];

    /// <summary>The admin plane's bound addresses.</summary>
    public IReadOnlyList<string> AdminUrls => [.. AdminPlane.Urls];

    /// <summary>The operator token the admin plane accepts.</summary>
    public string AdminToken => _tokens.OperatorToken;

    /// <summary>The file holding the generated admin token (reused across starts), or <see langword="null"/> when it was configured.</summary>
    public string? GeneratedTokenFile => _tokens.GeneratedTokenFile;

    /// <summary>Whether this start generated the admin token (rather than reusing the token file).</summary>
    public bool TokenGeneratedNow => _tokens.GeneratedNow;

    private WebApplication DataPlane => _dataPlane ?? throw new InvalidOperationException("The application has not started.");

    private WebApplication AdminPlane => _adminPlane ?? throw new InvalidOperationException("The application has not started.");

    /// <summary>Builds the application from command-line arguments.</summary>
    /// <exception cref="InvalidConfigurationException">The arguments or the configuration cannot be used.</exception>
    public static BlueGreenApplication Create(IReadOnlyList<string> args)
    {
        var launch = LaunchArguments.Parse(args);
        var (configuration, configFile) = BuildConfiguration(launch);
        var options = BlueGreenOptionsLoader.Load(
            configuration,
            launch.Demo
                ? demo =>
                {
                    UseDemoPools(demo);
                    UseDemoStatePath(demo, configuration);
                }
                : null);
        return new BlueGreenApplication(launch, configuration, configFile, options, AdminTokens.Create(options.Admin));
    }

    /// <summary>
    /// Starts the demo backends (if any) so that the first health probes find them, builds both planes, loads
    /// the stored state (weights and the admin plane's pool changes), has YARP route to the restored pools, and
    /// only then starts listening.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_demo is not null)
        {
            await _demo.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        _dataPlane = DataPlaneHost.Build(_configuration, Options, Connections, Launch.Demo ? UseDemoPools : null);
        _adminPlane = AdminPlaneHost.Build(_configuration, Options, _tokens, _dataPlane.Services);

        // The admin plane first: while a shared store is away, readyz says the state is not loaded yet.
        await _adminPlane.StartAsync(cancellationToken).ConfigureAwait(false);
        await RestoreStateAsync(cancellationToken).ConfigureAwait(false);
        await _dataPlane.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads the stored state and has YARP route by it. A shared store (Redis) that does not answer is waited for, not
    /// ready, saying so once: a fleet member must never serve with weights of its own. A file that cannot be read stops
    /// start-up (an operator must look at it).
    /// </summary>
    private async Task RestoreStateAsync(CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            try
            {
                await Services.GetRequiredService<PoolMembership>().RestoreAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Core.State.StateStoreUnavailableException ex) when (Options.State.IsRedis)
            {
                if (!waiting)
                {
                    var store = Services.GetRequiredService<Core.State.IStateStore>().Description;
                    Log.WaitingForStateStore(Services.GetRequiredService<ILogger<BlueGreenApplication>>(), store, ex.Message);
                    waiting = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stops accepting connections at once on both planes and waits for in-flight requests up to
    /// <c>BlueGreen:Shutdown:Timeout</c>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var logger = _dataPlane?.Services.GetRequiredService<ILogger<BlueGreenApplication>>();
        var timeProvider = _dataPlane?.Services.GetRequiredService<TimeProvider>() ?? TimeProvider.System;
        var started = timeProvider.GetTimestamp();
        if (logger is not null)
        {
            Log.ShutdownStarted(logger, Options.Shutdown.Timeout, CountInFlight());
        }

        await Task.WhenAll(
            _dataPlane?.StopAsync(cancellationToken) ?? Task.CompletedTask,
            _adminPlane?.StopAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        if (_demo is not null)
        {
            await _demo.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (logger is not null)
        {
            Log.ShutdownCompleted(logger, timeProvider.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The data plane's proxied requests in flight, draining destinations' included, as the state document counts them.</summary>
    private int CountInFlight()
    {
        var membership = Services.GetRequiredService<PoolMembership>();
        var registry = Services.GetRequiredService<DestinationRegistry>();
        return PoolNames.All.Sum(pool => membership.List(pool).Sum(member => registry.InFlight(pool, member)));
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
        // Only a file named with --config is read (contract v1.3): a config/bluegreen.json that happens to lie in the
        // working directory must not add pools to the ones given on the command line.
        var builder = new ConfigurationBuilder();
        string? configFile = null;
        if (launch.ConfigPath is not null)
        {
            configFile = Path.GetFullPath(launch.ConfigPath);
            if (!File.Exists(configFile))
            {
                throw new InvalidConfigurationException([$"--config: the file {configFile} does not exist."]);
            }

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

    private static void UseDemoStatePath(BlueGreenOptions options, IConfiguration configuration)
    {
        // The demo keeps a state of its own (contract v1.3), so its weights and history never leak into a real run
        // started from the same folder; a path given explicitly still wins.
        if (configuration[$"{BlueGreenOptions.SectionName}:State:Path"] is null)
        {
            options.State.Path = DemoStatePath;
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


}
