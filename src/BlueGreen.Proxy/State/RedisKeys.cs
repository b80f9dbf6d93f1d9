namespace BlueGreen.Proxy.State;

/// <summary>
/// Where a fleet's shared state lives in Redis: every key under one prefix, so a Redis can serve other data too, and
/// with one hash tag (<c>{bluegreen}</c>), so the commit script's keys share a slot on a Redis Cluster too.
/// </summary>
internal static class RedisKeys
{
    /// <summary>The routing state: one JSON document (<see cref="StoredStateDocument"/>, without history).</summary>
    public const string State = "{bluegreen}:state";

    /// <summary>The version of <see cref="State"/>, for compare-and-set and cheap checks.</summary>
    public const string Version = "{bluegreen}:version";

    /// <summary>The audit history: a capped stream, one entry per committed change.</summary>
    public const string History = "{bluegreen}:history";

    /// <summary>Where every commit announces its version.</summary>
    public const string Changes = "{bluegreen}:changes";

    /// <summary>Which proxy drives the running rollout, with an expiry.</summary>
    public const string RolloutLease = "{bluegreen}:rollout-lease";

    /// <summary>Each proxy's running request outcomes per pool, for the rollout driver to add up.</summary>
    public const string Outcomes = "{bluegreen}:outcomes";
}
