using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NSubstitute;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>The retry decision around a forwarder that refuses the first attempt before any response byte.</summary>
public sealed class RetryMiddlewareTests
{
    private readonly DestinationState _first = new("blue-1");
    private readonly DestinationState _second = new("blue-2");
    private int _attempts;

    [Fact]
    public async Task InvokeAsync_GetRefusedBeforeAnyResponse_IsSentAgainToAnotherDestination()
    {
        var context = CreateContext(upgrade: false);

        await CreateSut().InvokeAsync(context);

        Assert.Equal(2, _attempts);
        Assert.Same(_second, Assert.Single(context.GetReverseProxyFeature().AvailableDestinations));
    }

    [Fact]
    public async Task InvokeAsync_WebSocketUpgradeRefusedBeforeAnyResponse_IsNotSentAgain()
    {
        var context = CreateContext(upgrade: true);

        await CreateSut().InvokeAsync(context);

        Assert.Equal(1, _attempts);
        Assert.Equal(ForwarderError.Request, context.Features.Get<IForwarderErrorFeature>()!.Error);
    }

    private RetryMiddleware CreateSut()
    {
        var lookup = Substitute.For<IProxyStateLookup>();
        return new RetryMiddleware(Forward, lookup, new PoolAvailability(lookup), new ProxyMetrics(Prometheus.Metrics.NewCustomRegistry()), new BlueGreenOptions());
    }

    /// <summary>The rest of YARP's pipeline: the first attempt is refused, a second one succeeds.</summary>
    private Task Forward(HttpContext context)
    {
        var feature = context.GetReverseProxyFeature();
        feature.ProxiedDestination = feature.AvailableDestinations[0];
        if (++_attempts == 1)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Features.Set<IForwarderErrorFeature>(new RefusedFeature());
        }

        return Task.CompletedTask;
    }

    private DefaultHttpContext CreateContext(bool upgrade)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        if (upgrade)
        {
            context.Request.Headers.Connection = "Upgrade";
            context.Request.Headers.Upgrade = "websocket";
            context.Features.Set<IHttpUpgradeFeature>(new UpgradeFeature());
        }

        context.Features.Set<IReverseProxyFeature>(new ProxyFeature
        {
            Route = new RouteModel(new RouteConfig { RouteId = "blue" }, cluster: null, HttpTransformer.Default),
            AvailableDestinations = [_first, _second],
        });
        return context;
    }

    private sealed class UpgradeFeature : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => throw new InvalidOperationException("The test never upgrades.");
    }

    private sealed class RefusedFeature : IForwarderErrorFeature
    {
        public ForwarderError Error => ForwarderError.Request;

        public Exception? Exception => null;
    }

    private sealed class ProxyFeature : IReverseProxyFeature
    {
        public required RouteModel Route { get; init; }

        public ClusterModel Cluster => throw new InvalidOperationException("Not used by the retry.");

        public IReadOnlyList<DestinationState> AllDestinations => AvailableDestinations;

        public required IReadOnlyList<DestinationState> AvailableDestinations { get; set; }

        public DestinationState? ProxiedDestination { get; set; }
    }
}
