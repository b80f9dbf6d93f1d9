using BlueGreen.Proxy.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Tests.Observability;

public sealed class HealthTransitionLoggerTests
{
    [Fact]
    public void Check_DestinationsLeaveTheClusters_AreForgotten()
    {
        var blue = new ClusterState("blue");
        var lookup = Substitute.For<IProxyStateLookup>();
        lookup.TryGetCluster("blue", out Arg.Any<ClusterState>()!).Returns(call =>
        {
            call[1] = blue;
            return true;
        });
        var sut = new HealthTransitionLogger(lookup, new FakeTimeProvider(), NullLogger<HealthTransitionLogger>.Instance);

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
}
