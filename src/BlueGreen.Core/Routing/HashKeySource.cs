namespace BlueGreen.Core.Routing;

/// <summary>The part of a request that a consistent-hash pool hashes to choose its destination.</summary>
public enum HashKeySource
{
    /// <summary>The request path.</summary>
    Path,

    /// <summary>The request path and query string.</summary>
    PathAndQuery,

    /// <summary>A named request header.</summary>
    Header,

    /// <summary>A named cookie.</summary>
    Cookie,

    /// <summary>The client's IP address.</summary>
    ClientIp,
}
