using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;
using Microsoft.AspNetCore.Http;
using NSubstitute;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>In YARP's own style: a <see cref="DefaultHttpContext"/> carrying an <see cref="IForwarderErrorFeature"/>.</summary>
public sealed class FailureRunPassivePolicyTests
{
    private static readonly TimeSpan Reactivation = TimeSpan.FromSeconds(7);

    private readonly IDestinationHealthUpdater _healthUpdater = Substitute.For<IDestinationHealthUpdater>();
    private readonly ClusterState _cluster = new("blue", new ClusterModel(
        new ClusterConfig { ClusterId = "blue", HealthCheck = new HealthCheckConfig { Passive = new PassiveHealthCheckConfig { ReactivationPeriod = Reactivation } } },
        new HttpMessageInvoker(new SocketsHttpHandler())));
    private readonly DestinationState _destination = new("blue-1");
    private readonly PoolOutcomes _outcomes = new();

    public static TheoryData<ForwarderError> ClientSideErrors =>
    [
        ForwarderError.RequestCanceled,
        ForwarderError.RequestBodyCanceled,
        ForwarderError.RequestBodyClient,
        ForwarderError.ResponseBodyCanceled,
        ForwarderError.ResponseBodyClient,
        ForwarderError.UpgradeRequestCanceled,
        ForwarderError.UpgradeRequestClient,
        ForwarderError.UpgradeResponseCanceled,
        ForwarderError.UpgradeResponseClient,
    ];

    public static TheoryData<ForwarderError> DestinationErrors =>
    [
        ForwarderError.Request,
        ForwarderError.RequestTimedOut,
        ForwarderError.RequestBodyDestination,
        ForwarderError.ResponseBodyDestination,
        ForwarderError.UpgradeRequestDestination,
        ForwarderError.UpgradeResponseDestination,
    ];

    [Theory]
    [MemberData(nameof(ClientSideErrors))]
    public void RequestProxied_TwentyClientsGoneInARow_NeverEjects(ForwarderError error)
    {
        var sut = CreateSut();

        for (var i = 0; i < 20; i++)
        {
            sut.RequestProxied(Context(error), _cluster, _destination);
        }

        NotEjected();
    }

    [Theory]
    [MemberData(nameof(DestinationErrors))]
    public void RequestProxied_FiveDestinationFaultsInARow_EjectsForTheReactivationPeriod(ForwarderError error)
    {
        var sut = CreateSut();

        for (var i = 0; i < 4; i++)
        {
            sut.RequestProxied(Context(error), _cluster, _destination);
        }

        NotEjected();
        sut.RequestProxied(Context(error), _cluster, _destination);

        _healthUpdater.Received(1).SetPassive(_cluster, _destination, DestinationHealth.Unhealthy, Reactivation);
        Assert.Equal(1, _outcomes.Snapshot(Pool.Blue).Ejections);
        Assert.Equal(0, _outcomes.Snapshot(Pool.Green).Ejections);
    }

    [Fact]
    public void RequestProxied_FiveAnswersOf5xx_Ejects()
    {
        var sut = CreateSut();

        for (var i = 0; i < 5; i++)
        {
            sut.RequestProxied(Context(ForwarderError.None, StatusCodes.Status503ServiceUnavailable), _cluster, _destination);
        }

        _healthUpdater.Received(1).SetPassive(_cluster, _destination, DestinationHealth.Unhealthy, Reactivation);
    }

    [Fact]
    public void RequestProxied_ASuccessInTheRun_StartsTheCountAgain()
    {
        var sut = CreateSut();

        for (var i = 0; i < 4; i++)
        {
            sut.RequestProxied(Context(ForwarderError.Request), _cluster, _destination);
        }

        sut.RequestProxied(Context(ForwarderError.None, StatusCodes.Status200OK), _cluster, _destination);
        for (var i = 0; i < 4; i++)
        {
            sut.RequestProxied(Context(ForwarderError.Request), _cluster, _destination);
        }

        NotEjected();
    }

    [Fact]
    public void RequestProxied_ClientsGoneWithinARun_NeitherCountNorEndTheRun()
    {
        var sut = CreateSut();

        for (var i = 0; i < 4; i++)
        {
            sut.RequestProxied(Context(ForwarderError.Request), _cluster, _destination);
            sut.RequestProxied(Context(ForwarderError.ResponseBodyCanceled), _cluster, _destination);
        }

        NotEjected();
        sut.RequestProxied(Context(ForwarderError.Request), _cluster, _destination);
        _healthUpdater.Received(1).SetPassive(_cluster, _destination, DestinationHealth.Unhealthy, Reactivation);
    }

    [Fact]
    public void Judge_TransportErrorWhileTheClientAborted_IsNoVerdict()
    {
        var context = Context(ForwarderError.Request);
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        context.RequestAborted = aborted.Token;

        Assert.Equal(FailureRunPassivePolicy.Outcome.NoVerdict, FailureRunPassivePolicy.Judge(context));
    }

    [Theory]
    [InlineData(ForwarderError.NoAvailableDestinations)]
    [InlineData(ForwarderError.RequestCreation)]
    [InlineData(ForwarderError.ResponseHeaders)]
    public void Judge_ProxySideErrors_AreNoVerdict(ForwarderError error) =>
        Assert.Equal(FailureRunPassivePolicy.Outcome.NoVerdict, FailureRunPassivePolicy.Judge(Context(error)));

    private FailureRunPassivePolicy CreateSut() => new(_healthUpdater, _outcomes);

    private void NotEjected() =>
        _healthUpdater.DidNotReceiveWithAnyArgs().SetPassive(default!, default!, default, default);

    private static DefaultHttpContext Context(ForwarderError error, int statusCode = StatusCodes.Status502BadGateway)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = statusCode;
        if (error != ForwarderError.None)
        {
            context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error));
        }

        return context;
    }

    private sealed class ErrorFeature(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception => null;
    }
}
