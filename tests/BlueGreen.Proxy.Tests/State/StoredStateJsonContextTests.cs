using System.Text.Json;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.State;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.State;

/// <summary>
/// The source-generated state JSON reads and writes what the reflection-based build wrote: the fixture is a state file
/// that build committed, with every part a state can have (overrides, a rollout with queries, webhooks and a ramp-down,
/// faults, a rolling update, history) and text that must be escaped.
/// </summary>
public sealed class StoredStateJsonContextTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "State", "Fixtures", "state-before-source-generation.json");

    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LoadAsync_FileWrittenBeforeSourceGeneration_LoadsEveryPart()
    {
        var path = _temp.File("state.json");
        File.Copy(Fixture, path);

        var state = await new FileStateStore(path).LoadAsync(CancellationToken.None);

        Assert.NotNull(state);
        Assert.Equal(42, state.Version);
        Assert.Equal(Pool.Blue, state.Stable);
        Assert.Equal(75.5m, state.Weights.BluePercent);
        Assert.Equal(2, state.Destinations.Items.Length);
        Assert.Contains(state.Destinations.Items, d => d.Id == "blue-1" && d.Mode == DestinationMode.Draining && d.Address is null);
        var rollout = Assert.IsType<Rollout>(state.Rollout);
        Assert.Equal("canary été <b>&'\"+ 🚀", rollout.Reason);
        Assert.Equal(TimeSpan.FromSeconds(90), rollout.Plan.StepInterval);
        Assert.Equal("latency", Assert.Single(rollout.Plan.Queries).Name);
        Assert.Equal(2, rollout.Plan.Webhooks.Length);
        Assert.Equal(TimeSpan.FromSeconds(2.5), rollout.Plan.Webhooks[1].Timeout);
        Assert.Equal(12.5m, rollout.Plan.RampDown?.Percent);
        Assert.Equal(RolloutStatus.RolledBack, rollout.RampEndsAs);
        Assert.Equal(2, state.Faults.Length);
        var rolling = Assert.Single(state.RollingUpdates);
        Assert.Equal(RollingPhase.Updating, rolling.Phase);
        Assert.Equal(new Uri("https://deploy.example/update"), rolling.Plan.Update?.Url);
    }

    [Fact]
    public async Task ReadHistoryAsync_FileWrittenBeforeSourceGeneration_ReadsEveryEventNewestFirst()
    {
        var path = _temp.File("state.json");
        File.Copy(Fixture, path);

        var history = await new FileStateStore(path).ReadHistoryAsync(10, CancellationToken.None);

        Assert.Equal([42L, 41L, 40L], history.Select(e => e.Version));
        Assert.Equal("<script>alert('x')</script> & é", history[1].Reason);
    }

    [Fact]
    public async Task Indented_FileWrittenBeforeSourceGeneration_WritesItBackByteForByte()
    {
        var written = await File.ReadAllTextAsync(Fixture);
        var document = JsonSerializer.Deserialize(written, StoredStateJsonContext.Indented.StoredStateDocument)!;

        var again = StoredStateDocument.Of(document.ToStoredState(), document.History);

        Assert.Equal(written, JsonSerializer.Serialize(again, StoredStateJsonContext.Indented.StoredStateDocument));
    }
}
