using BenchmarkDotNet.Attributes;
using BlueGreen.Proxy.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Benchmarks;

/// <summary>
/// Choosing a destination of a pool of five by consistent hashing of the path (ring cached, bounded loads checked),
/// against YARP's round robin and power-of-two-choices on the same destinations: what hash ownership costs per
/// request, and that it allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class ConsistentHashBenchmarks
{
    private readonly DefaultHttpContext _context = new();
    private DestinationState[] _destinations = null!;
    private ClusterState _hashCluster = null!;
    private ClusterState _plainCluster = null!;
    private ConsistentHashPolicy _hash = null!;
    private ILoadBalancingPolicy _roundRobin = null!;
    private ILoadBalancingPolicy _twoChoices = null!;

    [GlobalSetup]
    public void Setup()
    {
        _destinations = [.. Enumerable.Range(1, 5).Select(i => new DestinationState($"b{i}"))];
        _hashCluster = Cluster(ConsistentHashPolicy.PolicyName, new Dictionary<string, string>
        {
            [ConsistentHashPolicy.HashKeyMetadata] = "Path",
            [ConsistentHashPolicy.BalanceFactorMetadata] = "1.25",
        });
        _plainCluster = Cluster(LoadBalancingPolicies.RoundRobin, null);
        _hash = new ConsistentHashPolicy();
        // YARP's own policies (internal types), from its own registration.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddReverseProxy();
        var policies = services.BuildServiceProvider().GetServices<ILoadBalancingPolicy>().ToList();
        _roundRobin = policies.Single(p => p.Name == LoadBalancingPolicies.RoundRobin);
        _twoChoices = policies.Single(p => p.Name == LoadBalancingPolicies.PowerOfTwoChoices);
        _context.Request.Path = "/catalog/items/12345";
        _hash.PickDestination(_context, _hashCluster, _destinations);
    }

    [Benchmark(Baseline = true)]
    public DestinationState? RoundRobin() => _roundRobin.PickDestination(_context, _plainCluster, _destinations);

    [Benchmark]
    public DestinationState? PowerOfTwoChoices() => _twoChoices.PickDestination(_context, _plainCluster, _destinations);

    [Benchmark]
    public DestinationState? ConsistentHashOfPath() => _hash.PickDestination(_context, _hashCluster, _destinations);

    private static ClusterState Cluster(string policy, IReadOnlyDictionary<string, string>? metadata) =>
        new("blue", new ClusterModel(
            new ClusterConfig { ClusterId = "blue", LoadBalancingPolicy = policy, Metadata = metadata },
            new HttpMessageInvoker(new SocketsHttpHandler())));
}
