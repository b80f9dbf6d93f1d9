using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Admin.Dashboard;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Rolling;
using BlueGreen.Proxy.Rollouts;
using BlueGreen.Proxy.Tls;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Prometheus;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// The admin plane's web host, on its own listener: bearer-token authentication, the contract's routes, and
/// <c>/metrics</c> and the dashboard at <c>/</c>, over the same state instances as the data plane.
/// </summary>
internal static class AdminPlaneHost
{
    public static WebApplication Build(IConfiguration configuration, BlueGreenOptions options, AdminTokens tokens, IServiceProvider dataPlane)
    {
        var builder = PlaneBuilder.Create(configuration, options, options.Listen.Admin, TlsSection.AdminPlane(options));
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = AdminJson.MaxBodyBytes);

        // The admin plane reads and changes the data plane's state: the same instances, registered as instances so
        // that this host never disposes what the data plane owns.
        services.AddSingleton(dataPlane.GetRequiredService<RoutingTable>());
        services.AddSingleton(dataPlane.GetRequiredService<TrafficSwitch>());
        services.AddSingleton(dataPlane.GetRequiredService<IStateStore>());
        services.AddSingleton(dataPlane.GetRequiredService<IProxyStateLookup>());
        services.AddSingleton(dataPlane.GetRequiredService<TimeProvider>());
        services.AddSingleton(dataPlane.GetRequiredService<PoolMembership>());
        services.AddSingleton(dataPlane.GetRequiredService<DestinationRegistry>());
        services.AddSingleton(dataPlane.GetRequiredService<PoolAvailability>());
        services.AddSingleton(dataPlane.GetRequiredService<RolloutDriver>());
        services.AddSingleton(dataPlane.GetRequiredService<RollingDriver>());
        services.AddSingleton(dataPlane.GetRequiredService<DestinationWarmUp>());
        var metrics = dataPlane.GetRequiredService<ProxyMetrics>();
        _ = dataPlane.GetRequiredService<StateMetricsUpdater>();

        services.AddSingleton(options);
        services.AddSingleton(tokens);
        services.AddSingleton<StateDocumentFactory>();
        services.AddSingleton<RolloutDocumentFactory>();
        services.AddSingleton<RollingDocumentFactory>();
        services.AddSingleton<IValidator<StartRollingRequest>, StartRollingRequestValidator>();
        services.AddSingleton<IValidator<StartRolloutRequest>, StartRolloutRequestValidator>();
        services.AddSingleton<IValidator<InjectFaultRequest>, InjectFaultRequestValidator>();
        services.AddSingleton<IValidator<WeightsRequest>, WeightsRequestValidator>();
        services.AddSingleton<IValidator<SwitchRequest>, SwitchRequestValidator>();
        services.AddSingleton<IValidator<ReasonOnlyRequest>, ReasonOnlyRequestValidator>();
        services.AddSingleton<IValidator<AddDestinationRequest>, AddDestinationRequestValidator>();
        services.ConfigureHttpJsonOptions(json => AdminJson.Configure(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer<BearerTokenDocumentTransformer>()
            .AddDocumentTransformer<MetricsPathDocumentTransformer>()
            .AddOperationTransformer<JsonBodyOperationTransformer>());
        services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        // Authentication core alone: a bearer token needs no cookies, so no data-protection keys either.
        services.AddWebEncoders();
        services.AddAuthenticationCore(auth => auth.DefaultScheme = AdminPolicies.Scheme);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, AdminTokenAuthenticationHandler>(AdminPolicies.Scheme, configureOptions: null);
        services.AddSingleton<AdminTokenLockout>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Read, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicies.Write, policy => policy.RequireRole(AdminTokens.OperatorName));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();

        // After authentication, so that the lockout knows whether the token was right.
        app.UseMiddleware<AdminTokenLockoutMiddleware>();
        app.UseAuthorization();
        app.MapAdminEndpoints();
        app.MapOpenApi();
        app.MapDashboard();
        app.MapMetrics("/metrics", metrics.Registry);
        return app;
    }
}
