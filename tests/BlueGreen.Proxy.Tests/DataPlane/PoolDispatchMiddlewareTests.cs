using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using NSubstitute;
using Prometheus;
using Yarp.ReverseProxy;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>
/// The dispatch alone, over endpoints that stand in for YARP's pool routes; the whole proxy's split, stickiness and
/// failover are <c>SplitTests</c>, <c>StickinessTests</c> and <c>FailoverTests</c>.
/// </summary>
public sealed class PoolDispatchMiddlewareTests
{
    private readonly ListDataSource _yarp = new();
    private readonly RoutingTable _table = new(new RoutingSnapshot(0, PoolWeights.AllOn(Pool.Green), Pool.Green, new RoutingPolicy(StickinessMode.None, "bg-id", OverrideEnabled: true)));
    private readonly List<string> _ran = [];

    [Fact]
    public async Task InvokeAsync_RunsTheChosenPoolsEndpoint_AsTheRequestsEndpoint()
    {
        _yarp.Publish(Endpoint(Pool.Blue, "blue"), Endpoint(Pool.Green, "green"));
        var context = new DefaultHttpContext();

        await CreateSut().InvokeAsync(context);

        Assert.Equal(["green"], _ran);
        Assert.Equal(PoolNames.Green, context.GetEndpoint()?.DisplayName);
    }

    [Fact]
    public async Task InvokeAsync_AfterYarpPublishesNewEndpoints_RunsTheNewOnes()
    {
        var sut = CreateSut();
        _yarp.Publish(Endpoint(Pool.Blue, "blue"), Endpoint(Pool.Green, "green before"));
        await sut.InvokeAsync(new DefaultHttpContext());

        _yarp.Publish(Endpoint(Pool.Green, "green after"), Endpoint(Pool.Blue, "blue"));
        await sut.InvokeAsync(new DefaultHttpContext());

        Assert.Equal(["green before", "green after"], _ran);
    }

    [Fact]
    public void InvokeAsync_NoEndpointForAPool_ThrowsNamingIt()
    {
        _yarp.Publish(Endpoint(Pool.Blue, "blue"));

        var sut = CreateSut();

        // Thrown before anything is awaited: the dispatch is synchronous up to the endpoint it runs.
        var error = Assert.Throws<InvalidOperationException>(() => { _ = sut.InvokeAsync(new DefaultHttpContext()); });

        Assert.Contains("green", error.Message, StringComparison.Ordinal);
        Assert.Empty(_ran);
    }

    private PoolDispatchMiddleware CreateSut()
    {
        var metrics = new ProxyMetrics(Metrics.NewCustomRegistry());
        var failover = new PoolFailover(new PoolAvailability(Substitute.For<IProxyStateLookup>()), metrics, NullLogger<PoolFailover>.Instance);
        var options = new BlueGreenOptions { Failover = { Enabled = false } };
        return new PoolDispatchMiddleware(_ => throw new InvalidOperationException("The dispatch is terminal."), _table, options, failover, metrics, new PoolOutcomes(), _yarp);
    }

    private Endpoint Endpoint(Pool pool, string name) => new(
        _ => { _ran.Add(name); return Task.CompletedTask; }, EndpointMetadataCollection.Empty, PoolRoutes.RouteId(pool));

    /// <summary>An endpoint list replaced whole, as YARP's is when its routes or clusters change.</summary>
    private sealed class ListDataSource : EndpointDataSource
    {
        private IReadOnlyList<Endpoint> _endpoints = [];

        public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

        public void Publish(params Endpoint[] endpoints) => _endpoints = endpoints;

        public override IChangeToken GetChangeToken() => new CancellationChangeToken(CancellationToken.None);
    }
}
