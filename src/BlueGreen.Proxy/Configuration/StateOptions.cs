namespace BlueGreen.Proxy.Configuration;

/// <summary>Where the routing state and its audit history are stored.</summary>
public sealed class StateOptions
{
    /// <summary><c>File</c> or <c>Redis</c>.</summary>
    public string Store { get; set; } = "File";

    /// <summary>The file store's location.</summary>
    public string Path { get; set; } = "data/state.json";

    /// <summary>The Redis connection string.</summary>
    public string Redis { get; set; } = "localhost:6379";

    /// <summary>Whether the state lives in Redis, shared by a fleet of proxies.</summary>
    public bool IsRedis => string.Equals(Store, "Redis", StringComparison.OrdinalIgnoreCase);
}
