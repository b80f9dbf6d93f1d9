namespace BlueGreen.Proxy.Configuration;

/// <summary>How a pool spreads its requests over its destinations.</summary>
public enum LoadBalancingMode
{
    /// <summary>Each destination in turn.</summary>
    RoundRobin,

    /// <summary>The destination with the fewest requests in flight.</summary>
    LeastRequests,

    /// <summary>The less busy of two destinations picked at random (YARP's default).</summary>
    PowerOfTwoChoices,

    /// <summary>A destination at random.</summary>
    Random,

    /// <summary>The destination that owns the request's hash key, with bounded loads.</summary>
    ConsistentHash,
}
