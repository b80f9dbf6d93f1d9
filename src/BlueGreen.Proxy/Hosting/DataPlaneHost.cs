using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Faults;
using BlueGreen.Proxy.Fleet;
using BlueGreen.Proxy.Mirroring;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Rolling;
using BlueGreen.Proxy.Rollouts;
using BlueGreen.Proxy.State;
using BlueGreen.Proxy.Tls;
using Microsoft.AspNetCore.DataProtection;
using Prometheus;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// The data plane's web host: YARP with one route and cluster per pool, the pool chosen by
/// <see cref="PoolDispatchMiddleware"/>, and the routing state, store, metrics and health services that the
/// admin plane reuses.
/// </summary>
internal static class DataPlaneHost
{
    public static WebApplication Build(IConfiguration configuration, BlueGreenOptions options, ConnectionCap connections, Action<BlueGreenOptions>? adjust)
    {
        var builder = PlaneBuilder.Create(configuration, options, options.Listen.Proxy, TlsSection.DataPlane(options));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = connections.Limit);
        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Shutdown.Timeout);
        services.AddSingleton(options);
        services.AddSingleton(connections);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new RoutingTable(CreateInitialSnapshot(options)));
        services.AddSingleton<FleetInstance>();
        if (options.State.IsRedis)
        {
            // A fleet: one state in Redis, its changes followed, one rollout driver at a time, everyone's counts added up.
            services.AddSingleton(_ => new RedisConnection(options.State.Redis));
            services.AddSingleton<IStateStore, RedisStateStore>();
            services.AddSingleton<IRolloutLease, RedisRolloutLease>();
            services.AddSingleton<IFleetOutcomes, RedisFleetOutcomes>();
        }
        else
        {
            services.AddSingleton<IStateStore>(new FileStateStore(options.State.Path));
            services.AddSingleton<IRolloutLease, LocalRolloutLease>();
            services.AddSingleton<IFleetOutcomes, LocalFleetOutcomes>();
        }

        services.AddHostedService<StateStoreFollower>();
        services.AddSingleton<TrafficSwitch>();
        services.AddSingleton<PoolAvailability>();
        services.AddSingleton<PoolFailover>();
        services.AddSingleton<PoolOutcomes>();

        // Each application has a registry of its own, so several in one process (as in tests) never mix counts.
        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        services.AddSingleton(new ProxyMetrics(registry));
        services.AddSingleton<IStateChangeObserver>(sp => sp.GetRequiredService<ProxyMetrics>());
        services.AddSingleton<IStateChangeObserver, ChangeLogger>();
        services.AddSingleton<StateMetricsUpdater>();
        services.AddHostedService<HealthTransitionLogger>();
        services.AddHostedService<KestrelLimitListener>();
        services.AddReverseProxy().LoadFromMemory(
            ProxyConfigFactory.CreateRoutes(), ProxyConfigFactory.CreateClusters(options, ProxyConfigFactory.ConfiguredDestinations(options)));
        services.AddSingleton<IPassiveHealthCheckPolicy, FailureRunPassivePolicy>();
        services.AddSingleton<ILoadBalancingPolicy, ConsistentHashPolicy>();
        services.AddSingleton<IActiveHealthCheckPolicy, ProbeLoggingHealthPolicy>();
        services.AddSingleton<ProxyConfigApplier>();
        services.AddSingleton<IConfigChangeListener>(sp => sp.GetRequiredService<ProxyConfigApplier>());
        services.AddSingleton<UpgradedConnections>();
        services.AddSingleton<DestinationRegistry>();
        services.AddSingleton<PoolMembership>();
        services.AddHostedService<DepartureWatcher>();
        services.AddHostedService<UpgradedConnectionCloser>();
        var mirroring = options.Mirror.Percent > 0;
        if (mirroring)
        {
            services.AddSingleton<MirrorSender>();
            services.AddHostedService(sp => sp.GetRequiredService<MirrorSender>());
        }
        services.AddSingleton<AnalysisHttpClient>();
        services.AddSingleton<PrometheusQueryClient>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<RolloutGates>();
        services.AddSingleton<RolloutEventNotifier>();
        services.AddSingleton<IStateChangeObserver>(sp => sp.GetRequiredService<RolloutEventNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<RolloutEventNotifier>());
        services.AddHostedService<FaultExpirer>();
        services.AddSingleton<DestinationWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<DestinationWarmUp>());
        services.AddSingleton<RolloutDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutDriver>());
        services.AddSingleton<RollingDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<RollingDriver>());

        // The configuration root itself (not the planes' copies) is the one that sees the file change.
        services.AddHostedService(sp => new PoolConfigReloader(
            configuration, options, adjust, sp.GetRequiredService<PoolMembership>(), sp.GetRequiredService<ILogger<PoolConfigReloader>>()));

        // YARP's affinity cookies would need data-protection keys; BlueGreen's own stickiness does not, so
        // ephemeral keys avoid key storage entirely.
        services.AddSingleton<IDataProtectionProvider, EphemeralDataProtectionProvider>();

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxyConfigFactory));
        foreach (var (pool, _) in options.Pools.Where(pool => pool.Value.DangerousAcceptAnyServerCertificate))
        {
            Log.AcceptingAnyDestinationCertificate(logger, pool);
        }

        // Before the pool is chosen, so that a request refused for its framing is given no pool and never proxied.
        app.UseMiddleware<AmbiguousFramingMiddleware>();
        app.MapReverseProxy(pipeline =>
        {
            // Perf: without mirroring the middleware is not in the pipeline at all.
            if (mirroring)
            {
                pipeline.UseMiddleware<MirrorMiddleware>();
            }

            pipeline.UseMiddleware<FaultInjectionMiddleware>();
            pipeline.UseMiddleware<RetryMiddleware>();
            pipeline.UseMiddleware<SlowStartMiddleware>();
            pipeline.UseLoadBalancing();
            pipeline.UseMiddleware<UpgradeTrackingMiddleware>();
            pipeline.UsePassiveHealthChecks();
        });

        // The pool routes' endpoints are run by PoolDispatchMiddleware, not by endpoint routing. WebApplication puts
        // routing (and, as YARP registers authorization, the authorization middleware) first in the pipeline unless the
        // application places them itself: placed after the terminal dispatch, they never run.
        app.UseMiddleware<PoolDispatchMiddleware>(((IEndpointRouteBuilder)app).DataSources.Single());
        app.UseRouting();
        app.UseAuthorization();
        return app;
    }

    private static RoutingSnapshot CreateInitialSnapshot(BlueGreenOptions options)
    {
        if (!PoolWeights.TryFromPercent(options.InitialWeights.Blue, options.InitialWeights.Green, out var weights))
        {
            // The options validator refuses such weights: if it let these through, the two disagree.
            throw new InvalidOperationException($"Validated initial weights {options.InitialWeights.Blue}/{options.InitialWeights.Green} are not a split.");
        }

        var stable = weights.GreenBasisPoints > weights.BlueBasisPoints ? Pool.Green : Pool.Blue;
        var policy = new RoutingPolicy(options.Stickiness.Mode, options.Stickiness.Name, options.Override.Enabled);
        return new RoutingSnapshot(Version: 0, weights, stable, policy);
    }
}
