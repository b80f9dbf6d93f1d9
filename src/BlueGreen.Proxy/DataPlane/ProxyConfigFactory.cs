using System.Globalization;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Turns BlueGreen's pools into YARP configuration: one cluster per pool, and one catch-all route per pool,
/// the two routes identical but for their cluster. <see cref="PoolDispatchMiddleware"/> runs exactly
/// one of them per request. A pool's HTTP version and certificate checks towards its destinations are its cluster's.
/// </summary>
internal static class ProxyConfigFactory
{
    public static IReadOnlyList<RouteConfig> CreateRoutes() => PoolNames.All.Select(CreateRoute).ToList();

    /// <summary>One cluster per pool holding <paramref name="destinations"/> (id to address), with the configured health checks.</summary>
    public static IReadOnlyList<ClusterConfig> CreateClusters(
        BlueGreenOptions options, IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> destinations) =>
        PoolNames.All.Select(pool => CreateCluster(pool, options, destinations.GetValueOrDefault(pool) ?? new Dictionary<string, string>())).ToList();

    /// <summary>The destinations the configuration names, per pool.</summary>
    public static IReadOnlyDictionary<Pool, IReadOnlyDictionary<string, string>> ConfiguredDestinations(BlueGreenOptions options) =>
        PoolNames.All.ToDictionary(
            pool => pool,
            pool => (IReadOnlyDictionary<string, string>)(options.Pools.TryGetValue(pool.Name(), out var poolOptions)
                ? poolOptions.Destinations
                : new Dictionary<string, string>()));

    private static RouteConfig CreateRoute(Pool pool) => new()
    {
        RouteId = PoolRoutes.RouteId(pool),
        ClusterId = PoolRoutes.RouteId(pool),
        Match = new RouteMatch { Path = "/{**catch-all}" },
        Transforms =
        [
            // As nginx's $proxy_add_x_forwarded_for: append the client to the chain the request brought.
            new Dictionary<string, string>
            {
                ["X-Forwarded"] = "Set",
                ["For"] = "Append",
                ["Proto"] = "Set",
                ["Host"] = "Set",
                ["Prefix"] = "Off",
            },
        ],
    };

    private static ClusterConfig CreateCluster(Pool pool, BlueGreenOptions options, IReadOnlyDictionary<string, string> addresses)
    {
        var destinations = addresses.ToDictionary(
            d => d.Key,
            d => new DestinationConfig { Address = d.Value },
            StringComparer.OrdinalIgnoreCase);

        var health = options.Health;
        var poolOptions = options.Pools.GetValueOrDefault(pool.Name()) ?? new PoolOptions();

        // One failed probe takes a destination out and one good probe brings it back, so a dead
        // destination stops getting requests within one probe interval.
        var metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" };
        if (poolOptions.LoadBalancing == LoadBalancingMode.ConsistentHash)
        {
            metadata[ConsistentHashPolicy.HashKeyMetadata] = poolOptions.HashKey;
            metadata[ConsistentHashPolicy.BalanceFactorMetadata] = poolOptions.BalanceFactor.ToString("R", CultureInfo.InvariantCulture);
        }

        if (!BackendHttpVersion.TryParse(poolOptions.HttpVersion, out var httpRequest))
        {
            // The options validator refuses such a value: if it let this one through, the two disagree.
            throw new InvalidOperationException($"Validated HTTP version '{poolOptions.HttpVersion}' of pool {pool.Name()} is not valid.");
        }

        return new ClusterConfig
        {
            ClusterId = PoolRoutes.RouteId(pool),
            Destinations = destinations,
            LoadBalancingPolicy = LoadBalancingPolicyName(poolOptions.LoadBalancing),
            Metadata = metadata,

            // Probes follow these too: YARP sends them with the cluster's HTTP version and client.
            HttpRequest = httpRequest,
            HttpClient = poolOptions.DangerousAcceptAnyServerCertificate ? new HttpClientConfig { DangerousAcceptAnyServerCertificate = true } : null,
            HealthCheck = new HealthCheckConfig
            {
                // An empty list (rather than YARP's default panic mode, which sends to every destination)
                // is what lets a pool with no healthy destination be told apart.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = health.Active.Enabled,
                    Interval = health.Active.Interval,
                    Timeout = health.Active.Timeout,
                    Path = health.Active.Path,
                    Policy = ProbeLoggingHealthPolicy.PolicyName,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = health.Passive.Enabled,
                    Policy = FailureRunPassivePolicy.PolicyName,
                    ReactivationPeriod = health.Active.Interval,
                },
            },
        };
    }

    private static string LoadBalancingPolicyName(LoadBalancingMode mode) => mode switch
    {
        LoadBalancingMode.RoundRobin => LoadBalancingPolicies.RoundRobin,
        LoadBalancingMode.LeastRequests => LoadBalancingPolicies.LeastRequests,
        LoadBalancingMode.Random => LoadBalancingPolicies.Random,
        LoadBalancingMode.ConsistentHash => ConsistentHashPolicy.PolicyName,
        _ => LoadBalancingPolicies.PowerOfTwoChoices,
    };
}
