using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Observability;

/// <summary>One line per committed change, with its reason in words when it has one.</summary>
public sealed class ChangeLoggerTests
{
    private static readonly RoutingSnapshot Snapshot = new(
        Version: 3, PoolWeights.AllBlue, Pool.Blue, new RoutingPolicy(StickinessMode.Cookie, "bg-id", OverrideEnabled: true));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void OnChanged_NoReason_SaysNoReasonGivenAndNeverNull(string? reason)
    {
        var logger = new RecordingLogger<ChangeLogger>();

        new ChangeLogger(logger).OnChanged(Change(reason));

        var line = Assert.Single(logger.Lines);
        Assert.Equal(
            "Routing state changed by operator: switch from blue=100 green=0 to blue=0 green=100 (version 3, no reason given)",
            line.Message);
    }

    [Fact]
    public void OnChanged_WithReason_NamesTheReason()
    {
        var logger = new RecordingLogger<ChangeLogger>();

        new ChangeLogger(logger).OnChanged(Change("release v2"));

        var line = Assert.Single(logger.Lines);
        Assert.Equal(1000, line.EventId);
        Assert.EndsWith("(version 3, reason: release v2)", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnChanged_TakenFromTheStore_NamesTheVersionAndState()
    {
        var logger = new RecordingLogger<ChangeLogger>();

        new ChangeLogger(logger).OnChanged(new StateChange(Snapshot with { Version = 2 }, Snapshot, Audit: null));

        var line = Assert.Single(logger.Lines);
        Assert.Equal(1001, line.EventId);
        Assert.StartsWith("Routing state taken from the store: version 3", line.Message, StringComparison.Ordinal);
    }

    private static StateChange Change(string? reason) =>
        new(Snapshot with { Version = 2 }, Snapshot, new AuditEvent(DateTimeOffset.UnixEpoch, "operator", "switch", "blue=100 green=0", "blue=0 green=100", 3, reason));
}
