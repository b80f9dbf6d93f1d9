using System.Buffers;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using BlueGreen.Core.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The <c>ConsistentHash</c> load balancing of a pool: the request's hash key (the pool's <c>HashKey</c>, carried in
/// the cluster's metadata) is placed on a <see cref="HashRing"/> of the available destinations, with their requests
/// in flight as the loads and the pool's <c>BalanceFactor</c> as the bound, so a key stays on one destination until
/// that destination leaves or is overloaded.
/// </summary>
internal sealed class ConsistentHashPolicy : ILoadBalancingPolicy
{
    /// <summary>The policy's name in <see cref="ClusterConfig.LoadBalancingPolicy"/>.</summary>
    public const string PolicyName = "BlueGreenConsistentHash";

    /// <summary>The cluster metadata key holding the pool's <c>HashKey</c>.</summary>
    public const string HashKeyMetadata = "BlueGreen.HashKey";

    /// <summary>The cluster metadata key holding the pool's <c>BalanceFactor</c> (invariant culture).</summary>
    public const string BalanceFactorMetadata = "BlueGreen.BalanceFactor";

    // Perf: loads for up to this many destinations live on the stack; larger pools rent an array.
    private const int StackLoads = 128;

    private readonly ConditionalWeakTable<ClusterState, RingSlot> _slots = new();

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var count = availableDestinations.Count;
        if (count <= 1)
        {
            return count == 0 ? null : availableDestinations[0];
        }

        var ring = Ring(cluster, availableDestinations);
        if (!TryHash(context, ring.Key, out var hash))
        {
            // A request without its key (no such header or cookie) has no owner; spread such requests evenly.
            return availableDestinations[Random.Shared.Next(count)];
        }

        int[]? rented = null;
        var loads = count <= StackLoads ? stackalloc int[count] : (rented = ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            loads[i] = availableDestinations[i].ConcurrentRequestCount;
        }

        var index = ring.Ring.Pick(hash, loads, ring.BalanceFactor);
        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        return availableDestinations[index];
    }

    /// <summary>Hashes the part of the request that <paramref name="key"/> names; false when the request lacks it.</summary>
    internal static bool TryHash(HttpContext context, HashKey key, out ulong hash)
    {
        var request = context.Request;
        hash = 0;
        switch (key.Source)
        {
            case HashKeySource.Path:
                hash = HashRing.HashKey(request.Path.Value.AsSpan());
                return true;
            case HashKeySource.PathAndQuery:
                hash = HashRing.Append(HashRing.HashKey(request.Path.Value.AsSpan()), request.QueryString.Value.AsSpan());
                return true;
            case HashKeySource.Header:
                var values = request.Headers[key.Name];
                if (values.Count == 0)
                {
                    return false;
                }

                hash = HashRing.HashKey(values[0].AsSpan());
                for (var i = 1; i < values.Count; i++)
                {
                    hash = HashRing.Append(hash, values[i].AsSpan());
                }

                return true;
            case HashKeySource.Cookie:
                foreach (var header in request.Headers.Cookie)
                {
                    if (CookieHeader.TryGetValue(header.AsSpan(), key.Name, out var value))
                    {
                        hash = HashRing.HashKey(value);
                        return true;
                    }
                }

                return false;
            case HashKeySource.ClientIp:
                Span<byte> address = stackalloc byte[16];
                if (context.Connection.RemoteIpAddress is IPAddress ip && ip.TryWriteBytes(address, out var written))
                {
                    hash = HashRing.HashKey(address[..written]);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The ring for this destination list, built only when the cluster's config or destinations changed.</summary>
    private RingSnapshot Ring(ClusterState cluster, IReadOnlyList<DestinationState> destinations)
    {
        var slot = _slots.GetValue(cluster, static _ => new RingSlot());
        var config = cluster.Model.Config;
        var current = slot.Current;

        // Perf: YARP hands over the same list object until health or membership changes, so the identity check
        // almost always settles it; a retry's filtered list is compared by contents.
        if (current is not null && ReferenceEquals(current.Config, config) &&
            (ReferenceEquals(current.Destinations, destinations) || SameDestinations(current.Destinations, destinations)))
        {
            return current;
        }

        var built = Build(config, destinations);
        slot.Current = built;
        return built;
    }

    private static RingSnapshot Build(ClusterConfig config, IReadOnlyList<DestinationState> destinations)
    {
        var metadata = config.Metadata;
        var key = metadata?.TryGetValue(HashKeyMetadata, out var keyText) == true && HashKey.TryParse(keyText, out var parsed)
            ? parsed
            : HashKey.Default;
        var balanceFactor = metadata?.TryGetValue(BalanceFactorMetadata, out var factorText) == true &&
                            double.TryParse(factorText, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 1
            ? factor
            : Configuration.PoolOptions.DefaultBalanceFactor;
        var ids = destinations.Select(d => d.DestinationId).ToArray();
        return new RingSnapshot(config, destinations.ToArray(), new HashRing(ids), key, balanceFactor);
    }

    private static bool SameDestinations(IReadOnlyList<DestinationState> cached, IReadOnlyList<DestinationState> destinations)
    {
        if (cached.Count != destinations.Count)
        {
            return false;
        }

        for (var i = 0; i < cached.Count; i++)
        {
            if (!ReferenceEquals(cached[i], destinations[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One cluster's current ring; replaced whole, never changed.</summary>
    private sealed record RingSnapshot(
        ClusterConfig Config, IReadOnlyList<DestinationState> Destinations, HashRing Ring, HashKey Key, double BalanceFactor);

    /// <summary>Holds a cluster's current ring.</summary>
    private sealed class RingSlot
    {
        private volatile RingSnapshot? _current;

        public RingSnapshot? Current
        {
            get => _current;
            set => _current = value;
        }
    }
}
