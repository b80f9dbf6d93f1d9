using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// Pool membership without a web host: a real switch over a file store in a temporary folder, a real
/// <see cref="ProxyConfigApplier"/> over YARP's in-memory provider, and YARP's state stood in for by cluster states
/// that follow each configuration the rig "applies" as YARP would. Time is fake.
/// </summary>
internal sealed class MembershipRig : IDisposable
{
    public const string Operator = "operator";

    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _temp = new();
    private readonly IDisposable _autoApply;
    private readonly Dictionary<string, ClusterState> _clusters = new(StringComparer.OrdinalIgnoreCase);

    public MembershipRig(params (string Id, string Address)[] blue)
    {
        Options = OptionsWith(blue);
        Options.Drain.Timeout = TimeSpan.FromSeconds(30);
        foreach (var pool in PoolNames.All)
        {
            _clusters[pool.Name()] = new ClusterState(pool.Name());
        }

        var lookup = Substitute.For<IProxyStateLookup>();
        lookup.TryGetCluster(Arg.Any<string>(), out Arg.Any<ClusterState>()!).Returns(call =>
        {
            call[1] = _clusters.GetValueOrDefault(call.ArgAt<string>(0));
            return call[1] is not null;
        });

        Store = new FileStateStore(_temp.File("state.json"));
        Table = new RoutingTable(new RoutingSnapshot(0, PoolWeights.AllBlue, Pool.Blue, new RoutingPolicy(StickinessMode.None, "bg-id", OverrideEnabled: true)));
        Switch = new TrafficSwitch(Table, Store, Time);
        Provider = new InMemoryConfigProvider(ProxyConfigFactory.CreateRoutes(), ProxyConfigFactory.CreateClusters(Options, ProxyConfigFactory.ConfiguredDestinations(Options)));
        Applier = new ProxyConfigApplier(Provider, Options);
        Upgraded = new UpgradedConnections(Options);
        Registry = new DestinationRegistry(lookup, Upgraded);
        Membership = new PoolMembership(Options, Table, Switch, Registry, Applier, Time, NullLogger<PoolMembership>.Instance);
        YarpApplies();
        _autoApply = ChangeToken.OnChange(() => Provider.GetConfig().ChangeToken, () =>
        {
            if (AutoApply)
            {
                YarpApplies();
            }
        });
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public BlueGreenOptions Options { get; }

    public FileStateStore Store { get; }

    public RoutingTable Table { get; }

    public TrafficSwitch Switch { get; }

    public InMemoryConfigProvider Provider { get; }

    public ProxyConfigApplier Applier { get; }

    public UpgradedConnections Upgraded { get; }

    public DestinationRegistry Registry { get; }

    public PoolMembership Membership { get; }

    /// <summary>Whether "YARP" applies every configuration as soon as it is handed over (as it may, on the caller's thread).</summary>
    public bool AutoApply { get; set; } = true;

    public static BlueGreenOptions OptionsWith(params (string Id, string Address)[] blue)
    {
        var options = new BlueGreenOptions();
        options.Pools["blue"] = new PoolOptions { Destinations = blue.ToDictionary(d => d.Id, d => d.Address) };
        options.Pools["green"] = new PoolOptions { Destinations = { ["g1"] = "http://127.0.0.1:9101" } };
        return options;
    }

    public static ChangeRequest By(string? reason = null) => new(Operator, reason);

    /// <summary>YARP's live state of a destination it routes to, as the data plane would count on it.</summary>
    public DestinationState Live(Pool pool, string id) => _clusters[pool.Name()].Destinations[id];

    /// <summary>The ids YARP routes to in the pool.</summary>
    public IReadOnlyList<string> Routed(Pool pool) => [.. _clusters[pool.Name()].Destinations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Applies the configuration last handed over as YARP does: new destinations get a state, gone ones lose it.</summary>
    public void YarpApplies()
    {
        var config = Provider.GetConfig();
        foreach (var cluster in config.Clusters)
        {
            var state = _clusters[cluster.ClusterId];
            var ids = cluster.Destinations?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var gone in state.Destinations.Keys.Where(id => !ids.Contains(id)).ToList())
            {
                state.Destinations.TryRemove(gone, out _);
            }

            foreach (var id in ids)
            {
                state.Destinations.TryAdd(id, new DestinationState(id));
            }
        }

        Applier.ConfigurationApplied([config]);
    }

    /// <summary>A second proxy's switch over the same store, as a fleet sharing it would have.</summary>
    public async Task<TrafficSwitch> SecondSwitchAsync()
    {
        var other = new TrafficSwitch(new RoutingTable(Table.Current with { Version = 0 }), Store, Time);
        await other.LoadAsync(CancellationToken.None);
        return other;
    }

    public ConfiguredPools Configured => new(ProxyConfigFactory.ConfiguredDestinations(Options));

    public void Dispose()
    {
        _autoApply.Dispose();
        _temp.Dispose();
    }
}
