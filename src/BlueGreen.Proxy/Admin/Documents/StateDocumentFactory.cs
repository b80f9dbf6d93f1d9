using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;

namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>Builds the state document from a routing snapshot and the pools' destinations with YARP's view of them.</summary>
internal sealed class StateDocumentFactory
{
    private readonly PoolMembership _membership;
    private readonly DestinationRegistry _registry;
    private readonly RolloutDocumentFactory _rollouts;
    private readonly DestinationWarmUp _warmUp;

    public StateDocumentFactory(PoolMembership membership, DestinationRegistry registry, RolloutDocumentFactory rollouts, DestinationWarmUp warmUp)
    {
        _warmUp = warmUp;
        _membership = membership;
        _registry = registry;
        _rollouts = rollouts;
    }

    public StateDocument Create(RoutingSnapshot snapshot) => new(
        snapshot.Version,
        snapshot.Stable.Name(),
        new WeightsDocument(snapshot.Weights.BluePercent, snapshot.Weights.GreenPercent),
        PoolNames.All.ToDictionary(pool => pool.Name(), DescribePool),
        snapshot.RunningRollout is { } rollout ? _rollouts.Create(snapshot, rollout) : null);

    private PoolDocument DescribePool(Pool pool) => new(
        _membership.List(pool)
            .Select(d =>
            {
                var share = _registry.StateOf(pool, d) is { } state ? _warmUp.ShareOf(state, pool) : 1;
                return new DestinationDocument(d.Id, d.Address, _registry.HealthOf(pool, d), d.ModeName, _registry.InFlight(pool, d), share < 1, Math.Round(share, 3));
            })
            .ToList());
}
