using BlueGreen.Core.Analysis;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Fleet;
using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// Drives the running rollout: a few times a second it measures the step (what each pool's requests came to since
/// the step started, over the whole fleet: every proxy publishes its <see cref="PoolOutcomes"/>), asks
/// <see cref="RolloutMachine"/> what to do, and commits the move through the <see cref="TrafficSwitch"/> like any
/// change. Only the proxy holding the rollout lease judges; a move the state no longer fits (an operator aborted
/// meanwhile, another proxy moved it) is refused there and dropped. Runs under the host's lifetime.
/// </summary>
internal sealed class RolloutDriver : PeriodicService
{
    /// <summary>How often the running rollout is judged.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    /// <summary>The audit actor of the driver's moves.</summary>
    public const string Actor = "system";

    /// <summary>How many times a gate without an answer (a query Prometheus did not answer) is tried before the step fails.</summary>
    public const int GateTries = 3;

    /// <summary>How long the driver waits before trying an unanswered gate again.</summary>
    public static readonly TimeSpan GateRetryDelay = TimeSpan.FromSeconds(1);

    private readonly RoutingTable _table;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly IFleetOutcomes _fleet;
    private readonly IRolloutLease _lease;
    private readonly FleetTotals _totals = new();
    private readonly TimeProvider _timeProvider;
    private readonly RolloutGates _gates;
    private readonly ILogger<RolloutDriver> _logger;
    private StepWindow? _window;
    private (string RolloutId, SequentialMonitor Monitor)? _sequential;
    private int _gateTries;
    private DateTimeOffset _nextGateAttempt;
    private volatile LiveAnalysis? _live;

    public RolloutDriver(
        RoutingTable table,
        TrafficSwitch trafficSwitch,
        IFleetOutcomes fleet,
        IRolloutLease lease,
        RolloutGates gates,
        TimeProvider timeProvider,
        ILogger<RolloutDriver> logger)
        : base(Tick, timeProvider)
    {
        _gates = gates;
        _table = table;
        _trafficSwitch = trafficSwitch;
        _fleet = fleet;
        _lease = lease;
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
        // Every proxy tells the fleet what its requests came to, all the time, so a step's baseline always holds
        // every proxy's counts; only the lease holder judges and moves.
        await _fleet.PublishAsync(cancellationToken).ConfigureAwait(false);
        if (current.RunningRollout is not { } rollout)
        {
            (_window, _sequential) = (null, null);
            return;
        }

        // Without the lease (another proxy drives, or Redis blinked) the window is kept: when the lease comes back for
        // the same step, its figures since the step's start are still right.
        if (!await _lease.TryHoldAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _totals.Update(await _fleet.ReadAsync(cancellationToken).ConfigureAwait(false));

        // A new step (or status, or stage) starts a new window: its clock and counts start from here.
        var key = StepKey.Of(rollout);
        if (_window?.Key != key)
        {
            _window = new StepWindow(key, now, _totals.Of(Pool.Blue), _totals.Of(Pool.Green));
            (_gateTries, _nextGateAttempt) = (0, now);
        }

        var figures = _window.Figures(_totals, rollout.Plan.To) with { Sequential = ObserveSequential(rollout) };
        var (analysis, move) = RolloutMachine.Next(current, figures, _window.ClockStart, now);
        if (move?.Action == RolloutTransitions.StepAction && analysis is not null && HasGates(rollout))
        {
            (analysis, move) = await PassGatesAsync(current, rollout, analysis, move, now, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>
    /// Before a step moves on: its gates. Open, the move stands; closed, the step fails (a dry run reports it once,
    /// then moves on as it would have); unanswered, the step waits and tries again, and fails after
    /// <see cref="GateTries"/> tries.
    /// </summary>
    private async Task<(RolloutAnalysis Analysis, RolloutMove? Move)> PassGatesAsync(
        RoutingSnapshot current, Rollout rollout, RolloutAnalysis analysis, RolloutMove move, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now < _nextGateAttempt)
        {
            return (_live?.Analysis ?? analysis, null);
        }

        var gate = await WhileHoldingLeaseAsync(_gates.CheckAsync(current, rollout, analysis, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (gate.Verdict == Verdict.Pass)
        {
            return (analysis, move);
        }

        var tries = ++_gateTries;
        if (gate.Verdict == Verdict.Waiting && tries < GateTries)
        {
            _nextGateAttempt = now + GateRetryDelay;
            return (analysis with { Verdict = Verdict.Waiting, Detail = $"{gate.Detail} (try {tries} of {GateTries}); {analysis.Detail}" }, null);
        }

        var detail = gate.Verdict == Verdict.Waiting ? $"{gate.Detail}, {GateTries} tries in a row" : gate.Detail;
        var failed = analysis with { Verdict = Verdict.Fail, Detail = $"{detail}; {analysis.Detail}" };
        var (id, step, started) = (rollout.Id, rollout.Step, rollout.StepStartedAt);
        if (!rollout.Plan.Analysis.DryRun)
        {
            return (failed, new RolloutMove(RolloutTransitions.RollbackAction, state => RolloutTransitions.Fail(state, id, step, failed, now, started), failed.Detail));
        }

        return rollout.DryRunReportedStep == step
            ? (failed, move)
            : (failed, new RolloutMove(RolloutTransitions.DryRunAction, state => RolloutTransitions.ReportDryRun(state, id, step, failed, started), failed.Detail));
    }

    /// <summary>
    /// Feeds the rollout's sequential tests with the window since the last tick; they run over the whole rollout (a
    /// restart starts them again, from a likelihood ratio of 1).
    /// </summary>
    private IReadOnlyList<SequentialEvidence> ObserveSequential(Rollout rollout)
    {
        if (!rollout.Plan.Analysis.Sequential || rollout.Status == RolloutStatus.RampingDown)
        {
            return [];
        }

        if (_sequential?.RolloutId != rollout.Id)
        {
            _sequential = (rollout.Id, new SequentialMonitor(rollout.Plan.Analysis.Alpha));
        }

        var monitor = _sequential.Value.Monitor;
        monitor.Observe(_totals.Of(rollout.Plan.To), _totals.Of(rollout.From));
        return monitor.Evidence;
    }

    /// <summary>Renews the lease while a gate (a webhook may take minutes) runs, so no other proxy starts driving meanwhile.</summary>
    private async Task<T> WhileHoldingLeaseAsync<T>(Task<T> work, CancellationToken cancellationToken)
    {
        while (await Task.WhenAny(work, Task.Delay(Tick, _timeProvider, cancellationToken)).ConfigureAwait(false) != work)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _lease.TryHoldAsync(cancellationToken).ConfigureAwait(false);
        }

        return await work.ConfigureAwait(false);
    }

    private static bool HasGates(Rollout rollout)
    {
        var type = rollout.Plan.IsPromotion(rollout.Step + 1) ? WebhookType.PrePromotion : WebhookType.PreStep;
        return rollout.Plan.Queries.Length > 0 || rollout.Plan.Webhooks.Any(hook => hook.Type == type);
    }

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    // The store may be down: the rollout holds its weights and is judged again at the next tick.
    protected override void LogFailure(Exception exception) => Log.RolloutTickFailed(_logger, exception);

    /// <summary>What identifies a step's window: a new step, status or stage starts a new one.</summary>
    private readonly record struct StepKey(string Id, int Step, RolloutStatus Status, DateTimeOffset StepStartedAt)
    {
        public static StepKey Of(Rollout rollout) => new(rollout.Id, rollout.Step, rollout.Status, rollout.StepStartedAt);
    }

    private sealed record LiveAnalysis(StepKey Key, RolloutAnalysis Analysis);

    /// <summary>A step as this process watches it: since when, and the totals it started from.</summary>
    private sealed record StepWindow(StepKey Key, DateTimeOffset ClockStart, OutcomeTotals Blue, OutcomeTotals Green)
    {
        public StepFigures Figures(FleetTotals totals, Pool canary)
        {
            var (canaryNow, stableNow) = (totals.Of(canary), totals.Of(canary.Other()));
            var (canaryBase, stableBase) = canary == Pool.Green ? (Green, Blue) : (Blue, Green);
            return new StepFigures(stableNow.Since(stableBase), canaryNow.Since(canaryBase), canaryNow.EjectionsSince(canaryBase));
        }
    }
}
