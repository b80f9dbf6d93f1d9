using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Tests.Infrastructure;
using NSubstitute;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Tests.Observability;

/// <summary>One line per destination health transition, counted from YARP's starting point: unknown.</summary>
public sealed class HealthTransitionLoggerTests
{
    [Theory]
    [InlineData(DestinationHealth.Healthy, "from unknown to healthy")]
    [InlineData(DestinationHealth.Unhealthy, "from unknown to unhealthy")]
    public void Check_DestinationProbedBeforeTheFirstLook_LogsItsChangeFromUnknown(DestinationHealth active, string expected)
    {
        var (sut, logger, destination) = CreateSut();
        destination.Health.Active = active;

        sut.Check();

        var line = Assert.Single(logger.Lines);
        Assert.Contains("blue/b1 (http://127.0.0.1:9001)", line.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StillUnknownThenHealthy_LogsOneLineForTheOneTransition()
    {
        var (sut, logger, destination) = CreateSut();

        sut.Check();
        destination.Health.Active = DestinationHealth.Healthy;
        sut.Check();
        sut.Check();

        var line = Assert.Single(logger.Lines);
        Assert.EndsWith("from unknown to healthy", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DestinationsLeaveTheClusters_AreForgotten()
    {
        var blue = new ClusterState("blue");
        var proxyState = Substitute.For<IProxyStateLookup>();
        proxyState.TryGetCluster("blue", out Arg.Any<ClusterState>()!).Returns(call =>
        {
            call[1] = blue;
            return true;
        });
        var sut = new HealthTransitionLogger(proxyState, TimeProvider.System, new RecordingLogger<HealthTransitionLogger>());

        // A red-black deploy after another, each under new ids.
        for (var deploy = 0; deploy < 50; deploy++)
        {
            blue.Destinations.Clear();
            blue.Destinations.TryAdd($"v{deploy}-a", new DestinationState($"v{deploy}-a"));
            blue.Destinations.TryAdd($"v{deploy}-b", new DestinationState($"v{deploy}-b"));
            sut.Check();
        }

        Assert.Equal(2, sut.Remembered);
    }

    private static (HealthTransitionLogger Sut, RecordingLogger<HealthTransitionLogger> Logger, DestinationState Destination) CreateSut()
    {
        var destination = new DestinationState("b1", new DestinationModel(new DestinationConfig { Address = "http://127.0.0.1:9001" }));
        var cluster = new ClusterState("blue");
        cluster.Destinations[destination.DestinationId] = destination;
        var proxyState = Substitute.For<IProxyStateLookup>();
        proxyState.TryGetCluster("blue", out Arg.Any<ClusterState>()!).Returns(call =>
        {
            call[1] = cluster;
            return true;
        });
        var logger = new RecordingLogger<HealthTransitionLogger>();
        return (new HealthTransitionLogger(proxyState, TimeProvider.System, logger), logger, destination);
    }
}
