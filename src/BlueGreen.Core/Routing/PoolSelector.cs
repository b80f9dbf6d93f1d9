namespace BlueGreen.Core.Routing;

/// <summary>The per-request pool decision: lock-free, allocation-free, one snapshot read by the caller.</summary>
public static class PoolSelector
{
    /// <summary>
    /// Chooses the pool for one request: a valid override wins when enabled; otherwise the request's sticky
    /// bucket (or a random one without a sticky key) goes to green when it is below green's weight.
    /// </summary>
    public static Pool Select(RoutingSnapshot snapshot, in RequestAffinity affinity)
    {
        if (snapshot.Policy.OverrideEnabled)
        {
            // Unknown values are ignored, as the contract says, so a typo never breaks a request.
            if (PoolNames.TryParse(affinity.OverrideHeader, out var forced) ||
                PoolNames.TryParse(affinity.OverrideCookie, out forced))
            {
                return forced;
            }
        }

        var green = snapshot.Weights.GreenBasisPoints;

        // Perf: at 0 % or 100 % every bucket lands on the same pool, so skip hashing and the random draw.
        if (green == 0)
        {
            return Pool.Blue;
        }

        if (green == PoolWeights.Total)
        {
            return Pool.Green;
        }

        var bucket = affinity.KnownStickyBucket
            ?? (affinity.StickyKey.IsEmpty ? Random.Shared.Next(PoolWeights.Total) : StickyBucket.Of(affinity.StickyKey));
        return bucket < green ? Pool.Green : Pool.Blue;
    }
}
