using BlueGreen.Proxy.DataPlane;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class ConsistentHashPolicyTests
{
    [Fact]
    public void PickDestination_SamePath_PicksSameDestinationEveryTime()
    {
        var (policy, cluster, destinations) = CreateSut("Path");

        var first = policy.PickDestination(Request("/a"), cluster, destinations);
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(first, policy.PickDestination(Request("/a"), cluster, destinations));
        }
    }

    [Fact]
    public void PickDestination_OwnerOverTheBound_PicksAnotherDestination()
    {
        var (policy, cluster, destinations) = CreateSut("Path");
        var owner = policy.PickDestination(Request("/a"), cluster, destinations)!;

        // 10 in flight on the owner alone: the bound is ceil(1.25 × 11 / 3) = 5.
        owner.ConcurrentRequestCount = 10;

        Assert.NotSame(owner, policy.PickDestination(Request("/a"), cluster, destinations));
    }

    [Fact]
    public void PickDestination_HeaderKey_SameHeaderSameDestinationWhateverThePath()
    {
        var (policy, cluster, destinations) = CreateSut("Header:X-User");

        var first = policy.PickDestination(Request("/a", ("X-User", "alice")), cluster, destinations);
        for (var i = 0; i < 50; i++)
        {
            Assert.Same(first, policy.PickDestination(Request($"/p{i}", ("X-User", "alice")), cluster, destinations));
        }
    }

    [Fact]
    public void PickDestination_CookieKeyMissing_StillPicksADestination()
    {
        var (policy, cluster, destinations) = CreateSut("Cookie:session");

        // By reference: YARP's DestinationState is itself a list (of one), which xunit's Contains would compare forever.
        var picked = policy.PickDestination(Request("/a"), cluster, destinations);
        Assert.Contains(destinations, d => ReferenceEquals(d, picked));
        var withCookie = policy.PickDestination(Request("/a", ("Cookie", "x=1; session=abc")), cluster, destinations);
        Assert.Same(withCookie, policy.PickDestination(Request("/b", ("Cookie", "session=abc")), cluster, destinations));
    }

    [Fact]
    public void PickDestination_NoDestination_ReturnsNull()
    {
        var (policy, cluster, _) = CreateSut("Path");

        Assert.Null(policy.PickDestination(Request("/a"), cluster, []));
    }

    private static (ConsistentHashPolicy Policy, ClusterState Cluster, IReadOnlyList<DestinationState> Destinations) CreateSut(string hashKey)
    {
        var config = new ClusterConfig
        {
            ClusterId = "blue",
            LoadBalancingPolicy = ConsistentHashPolicy.PolicyName,
            Metadata = new Dictionary<string, string>
            {
                [ConsistentHashPolicy.HashKeyMetadata] = hashKey,
                [ConsistentHashPolicy.BalanceFactorMetadata] = "1.25",
            },
        };
        var cluster = new ClusterState("blue", new ClusterModel(config, new HttpMessageInvoker(new SocketsHttpHandler())));
        DestinationState[] destinations = [new("b1"), new("b2"), new("b3")];
        return (new ConsistentHashPolicy(), cluster, destinations);
    }

    private static DefaultHttpContext Request(string path, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context;
    }
}
