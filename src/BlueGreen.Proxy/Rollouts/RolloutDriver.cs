using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// Drives the running rollout: a few times a second it measures the step (what each pool's requests came to since
/// the step started, from <see cref="PoolOutcomes"/>), asks <see cref="RolloutMachine"/> what to do, and commits the
/// move through the <see cref="TrafficSwitch"/> like any change. A move the state no longer fits (an operator
/// aborted meanwhile) is refused there and dropped. Runs under the host's lifetime.
/// </summary>
internal sealed class RolloutDriver : BackgroundService
{
    /// <summary>How often the running rollout is judged.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    /// <summary>The audit actor of the driver's moves.</summary>
    public const string Actor = "system";

    private readonly RoutingTable _table;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly PoolOutcomes _outcomes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RolloutDriver> _logger;
    private StepWindow? _window;
    private volatile LiveAnalysis? _live;

    public RolloutDriver(RoutingTable table, TrafficSwitch trafficSwitch, PoolOutcomes outcomes, TimeProvider timeProvider, ILogger<RolloutDriver> logger)
    {
        _table = table;
        _trafficSwitch = trafficSwitch;
        _outcomes = outcomes;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The judgement to show for <paramref name="rollout"/>: its current step's latest while it runs, else (ended,
    /// or not judged yet in this process) the one recorded with its last transition.
    /// </summary>
    public RolloutAnalysis AnalysisOf(Rollout rollout) =>
        rollout.IsRunning && _live is { } live && live.Key == StepKey.Of(rollout) ? live.Analysis : rollout.Analysis;

    /// <summary>Judges the running rollout once and commits the move it calls for, if any.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var current = _table.Current;
        if (current.RunningRollout is not { } rollout)
        {
            _window = null;
            return;
        }

        // A new step (or status, or stage) starts a new window: its clock and counts start from here.
        var key = StepKey.Of(rollout);
        if (_window?.Key != key)
        {
            _window = new StepWindow(key, now, _outcomes.Snapshot(Pool.Blue), _outcomes.Snapshot(Pool.Green));
        }

        var (analysis, move) = RolloutMachine.Next(current, _window.Figures(_outcomes, rollout.Plan.To), _window.ClockStart, now);
        if (analysis is not null)
        {
            _live = new LiveAnalysis(key, analysis);
        }

        if (move is not null)
        {
            var result = await _trafficSwitch.ProposeAsync(move.Action, move.Propose, new ChangeRequest(Actor, move.Reason), cancellationToken)
                .ConfigureAwait(false);
            if (result.Outcome != ChangeOutcome.Applied)
            {
                Log.RolloutMoveDropped(_logger, rollout.Id, move.Action, result.Detail ?? result.Outcome.ToString());
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, _timeProvider);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                    failing = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be down: the rollout holds its weights and is judged again at the next tick.
                    // One line per episode, not five a second.
                    if (!failing)
                    {
                        Log.RolloutTickFailed(_logger, ex);
                    }

                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the rollout is stored and goes on at the next start.
        }
    }

    /// <summary>What identifies a step's window: a new step, status or stage starts a new one.</summary>
    private readonly record struct StepKey(string Id, int Step, RolloutStatus Status, DateTimeOffset StepStartedAt)
    {
        public static StepKey Of(Rollout rollout) => new(rollout.Id, rollout.Step, rollout.Status, rollout.StepStartedAt);
    }

    private sealed record LiveAnalysis(StepKey Key, RolloutAnalysis Analysis);

    /// <summary>A step as this process watches it: since when, and the totals it started from.</summary>
    private sealed record StepWindow(StepKey Key, DateTimeOffset ClockStart, OutcomeTotals Blue, OutcomeTotals Green)
    {
        public StepFigures Figures(PoolOutcomes outcomes, Pool canary)
        {
            var (canaryNow, stableNow) = (outcomes.Snapshot(canary), outcomes.Snapshot(canary.Other()));
            var (canaryBase, stableBase) = canary == Pool.Green ? (Green, Blue) : (Blue, Green);
            return new StepFigures(stableNow.Since(stableBase), canaryNow.Since(canaryBase), canaryNow.EjectionsSince(canaryBase));
        }
    }
}
