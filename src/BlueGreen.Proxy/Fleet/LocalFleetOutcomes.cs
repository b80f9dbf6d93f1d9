using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Fleet;

/// <summary>A proxy alone (the file store): the fleet's outcomes are its own.</summary>
internal sealed class LocalFleetOutcomes : IFleetOutcomes
{
    private readonly PoolOutcomes _outcomes;
    private readonly FleetInstance _instance;

    public LocalFleetOutcomes(PoolOutcomes outcomes, FleetInstance instance)
    {
        _outcomes = outcomes;
        _instance = instance;
    }

    public Task PublishAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FleetMemberTotals>> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FleetMemberTotals>>([new(_instance.Id, _outcomes.Snapshot(Pool.Blue), _outcomes.Snapshot(Pool.Green))]);
}
