using BlueGreen.Core.Analysis;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Fleet;
using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Rollouts;

namespace BlueGreen.Proxy.Rolling;

/// <summary>
/// Drives the running rolling update a few times a second, one batch at a time: takes it out of rotation once a
/// healthy destination stays outside it, waits for its in-flight requests (up to the drain timeout), has it updated
/// (the update webhook, or an operator's <c>continue</c>), puts it back and waits for active health, then judges it
/// against the destinations not updated yet for at least the pause before the next batch. Each move is committed
/// through the <see cref="TrafficSwitch"/>; a move the state no longer fits (an operator paused or aborted meanwhile)
/// is refused there and dropped. Only the proxy holding the lease drives. Runs under the host's lifetime.
/// </summary>
internal sealed class RollingDriver : PeriodicService
{
    /// <summary>The audit actor of the driver's moves.</summary>
    public const string Actor = "system";

    /// <summary>The event header value of the update webhook's call.</summary>
    public const string UpdateEvent = "rolling-update";

    private readonly RoutingTable _table;
    private readonly TrafficSwitch _trafficSwitch;
    private readonly PoolMembership _membership;
    private readonly DestinationRegistry _registry;
    private readonly PoolOutcomes _outcomes;
    private readonly IRolloutLease _lease;
    private readonly WebhookSender _webhooks;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RollingDriver> _logger;
    private readonly bool _activeHealth;
    private PhaseKey? _watched;
    private DateTimeOffset _clockStart;
    private SequentialMonitor? _sequential;
    private Task<string?>? _updateCall;
    private volatile LiveAnalysis? _live;

    public RollingDriver(
        RoutingTable table,
        TrafficSwitch trafficSwitch,
        PoolMembership membership,
        DestinationRegistry registry,
        PoolOutcomes outcomes,
        IRolloutLease lease,
        WebhookSender webhooks,
        BlueGreenOptions options,
        TimeProvider timeProvider,
        ILogger<RollingDriver> logger)
        : base(RolloutDriver.Tick, timeProvider)
    {
        _table = table;
        _trafficSwitch = trafficSwitch;
        _membership = membership;
        _registry = registry;
        _outcomes = outcomes;
        _lease = lease;
        _webhooks = webhooks;
        _activeHealth = options.Health.Active.Enabled;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The judgement to show for <paramref name="update"/>: the current phase's latest while it runs, else the one
    /// recorded with its last transition.
    /// </summary>
    public RollingAnalysis AnalysisOf(RollingUpdate update) =>
        update.IsRunning && _live is { } live && live.Key == PhaseKey.Of(update) ? live.Analysis : update.Analysis;

    /// <summary>Looks at the running rolling update once and commits the move it calls for, if any.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var current = _table.Current;
        if (current.RunningRollingUpdate is not { Status: not RollingStatus.Paused } update)
        {
            Forget();
            return;
        }

        if (!await _lease.TryHoldAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var key = PhaseKey.Of(update);
        if (_watched != key)
        {
            Forget();
            (_watched, _clockStart) = (key, now);
        }

        var (move, detail) = update.Phase switch
        {
            RollingPhase.Pending => Pending(update, now),
            RollingPhase.Draining => Draining(update, now),
            RollingPhase.Updating => Updating(update, now, cancellationToken),
            RollingPhase.Enabling => Enabling(update, now),
            _ => Judging(update, now),
        };
        if (detail is not null)
        {
            _live = new LiveAnalysis(key, detail);
        }

        if (move is not null)
        {
            var result = await _trafficSwitch.ProposeAsync(move.Action, move.Propose, new ChangeRequest(Actor, move.Reason), cancellationToken)
                .ConfigureAwait(false);
            if (result.Outcome != ChangeOutcome.Applied)
            {
                Log.RollingMoveDropped(_logger, update.Id, move.Action, result.Detail ?? result.Outcome.ToString());
            }
        }
    }

    /// <summary>Starts the batch's drain once a healthy destination of the pool stays in rotation outside it.</summary>
    private (RolloutMove?, RollingAnalysis?) Pending(RollingUpdate update, DateTimeOffset now)
    {
        var pool = update.Plan.Pool;
        var outside = _membership.List(pool).Where(member => member.Mode == DestinationMode.Active && !update.CurrentBatch.Contains(member.Id));
        if (!outside.Any(member => IsHealthy(pool, member)))
        {
            return (null, update.Analysis.Saying(
                Verdict.Waiting, $"waiting for a healthy destination of {pool.Name()} outside the batch: the pool's last healthy destination is never taken out"));
        }

        var (id, batch, configured) = (update.Id, update.Batch, _membership.Configured);
        return (new RolloutMove(RollingTransitions.DrainAction, state => RollingTransitions.Drain(state, configured, id, batch, now), "batch drains"), null);
    }

    /// <summary>Waits until the batch has no request in flight, or its drain timeout passed.</summary>
    private (RolloutMove?, RollingAnalysis?) Draining(RollingUpdate update, DateTimeOffset now)
    {
        var inFlight = Members(update).Sum(member => _registry.InFlight(update.Plan.Pool, member));
        var timedOut = now - update.PhaseStartedAt >= update.Plan.DrainTimeout;
        if (inFlight > 0 && !timedOut)
        {
            return (null, update.Analysis.Saying(Verdict.Waiting, $"draining: {inFlight} requests in flight"));
        }

        var detail = inFlight == 0 ? "drained" : $"the drain timeout {update.Plan.DrainTimeout} passed with {inFlight} requests in flight";
        var (id, batch, started) = (update.Id, update.Batch, update.PhaseStartedAt);
        return (new RolloutMove(RollingTransitions.AwaitUpdateAction, state => RollingTransitions.Drained(state, id, batch, started, now, detail), detail), null);
    }

    /// <summary>Calls the update webhook once per update phase and moves on with its answer; without one, waits for <c>continue</c>.</summary>
    private (RolloutMove?, RollingAnalysis?) Updating(RollingUpdate update, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (update.Plan.Update is not { } hook)
        {
            return (null, null);
        }

        // Once per phase in this process: a restart in the middle calls again (the body names the update and batch,
        // so a hook can tell a repeat).
        _updateCall ??= _webhooks.CallAsync(
            hook.Url,
            $"the update webhook {hook.Url}",
            UpdateEvent,
            new UpdateCall(update.Id, update.Plan.Pool.Name(), update.Batch, update.CurrentBatch),
            AdminJsonContext.Default.UpdateCall,
            hook.Timeout,
            cancellationToken);
        if (!_updateCall.IsCompleted)
        {
            return (null, null);
        }

        var refusal = _updateCall.IsCompletedSuccessfully ? _updateCall.Result : _updateCall.Exception?.GetBaseException().Message ?? "cancelled";
        var (id, batch, started, configured) = (update.Id, update.Batch, update.PhaseStartedAt, _membership.Configured);
        if (refusal is null)
        {
            var detail = $"the update webhook {hook.Url} answered 2xx";
            return (new RolloutMove(RollingTransitions.EnableAction, state => RollingTransitions.Updated(state, configured, id, batch, started, now, detail), detail), null);
        }

        return Stop(update, now, update.Analysis.Saying(Verdict.Fail, refusal));
    }

    /// <summary>Waits until active health says every destination of the updated batch is healthy, up to the health timeout.</summary>
    private (RolloutMove?, RollingAnalysis?) Enabling(RollingUpdate update, DateTimeOffset now)
    {
        var pool = update.Plan.Pool;
        var notHealthy = Members(update).Where(member => !IsHealthy(pool, member)).Select(member => member.Id).ToList();
        if (notHealthy.Count == 0)
        {
            var (id, batch, started) = (update.Id, update.Batch, update.PhaseStartedAt);
            const string detail = "every destination of the batch is healthy";
            return (new RolloutMove(RollingTransitions.JudgeAction, state => RollingTransitions.Healthy(state, id, batch, started, now, detail), detail), null);
        }

        var waiting = $"{string.Join(", ", notHealthy)} not healthy yet";
        return now - update.PhaseStartedAt >= update.Plan.HealthTimeout
            ? Stop(update, now, update.Analysis.Saying(Verdict.Fail, $"{waiting} after the health timeout {update.Plan.HealthTimeout}"))
            : (null, update.Analysis.Saying(Verdict.Waiting, waiting));
    }

    /// <summary>
    /// Judges the updated destinations against the ones not updated yet: a failed check stops the update at once;
    /// a pass moves on once the batch has served for the pause.
    /// </summary>
    private (RolloutMove?, RollingAnalysis?) Judging(RollingUpdate update, DateTimeOffset now)
    {
        var pool = update.Plan.Pool;
        if (_outcomes.Cohorts is not { } cohorts || cohorts.Pool != pool || _sequential is null)
        {
            cohorts = new DestinationCohorts(pool, update.Updated, update.Plan.After(update.Batch));
            _outcomes.Cohorts = cohorts;
            _sequential = new SequentialMonitor(update.Plan.Analysis.Alpha);
        }

        var (updated, notUpdated) = (cohorts.Updated.Snapshot(), cohorts.NotUpdated.Snapshot());
        var last = update.Batch == update.Plan.Batches.Length - 1;
        IReadOnlyList<SequentialEvidence> sequential = [];
        if (update.Plan.Analysis.Sequential && !last)
        {
            _sequential.Observe(updated, notUpdated);
            sequential = _sequential.Evidence;
        }

        var analysis = RollingJudge.Judge(update.Plan.Analysis, updated.Since(OutcomeTotals.Zero), notUpdated.Since(OutcomeTotals.Zero), sequential);
        var unhealthy = Members(update).Where(member => _registry.HealthOf(pool, member) == DestinationHealthView.Unhealthy).Select(member => member.Id).ToList();
        if (unhealthy.Count > 0)
        {
            analysis = analysis with { Verdict = Verdict.Fail, Detail = $"{string.Join(", ", unhealthy)} became unhealthy; {analysis.Detail}" };
        }

        if (analysis.Verdict == Verdict.Fail)
        {
            return Stop(update, now, analysis);
        }

        if (analysis.Verdict == Verdict.Pass && now - _clockStart >= update.Plan.Pause)
        {
            var (id, batch, started) = (update.Id, update.Batch, update.PhaseStartedAt);
            return (new RolloutMove(RollingTransitions.PassAction, state => RollingTransitions.Passed(state, id, batch, started, analysis, now), analysis.Detail), analysis);
        }

        return (null, analysis);
    }

    private (RolloutMove?, RollingAnalysis?) Stop(RollingUpdate update, DateTimeOffset now, RollingAnalysis analysis)
    {
        var (id, batch, phase, started, configured) = (update.Id, update.Batch, update.Phase, update.PhaseStartedAt, _membership.Configured);
        return (new RolloutMove(
            RollingTransitions.StopAction,
            state => RollingTransitions.Stop(state, configured, id, batch, phase, started, analysis, now),
            analysis.Detail), analysis);
    }

    /// <summary>The batch's destinations that are still members of the pool (one deleted meanwhile is no longer part of it).</summary>
    private IEnumerable<PoolMember> Members(RollingUpdate update)
    {
        foreach (var id in update.CurrentBatch)
        {
            if (_membership.TryGet(update.Plan.Pool, id, out var member))
            {
                yield return member;
            }
        }
    }

    /// <summary>Healthy by active health; without active probes, anything not ejected by passive health.</summary>
    private bool IsHealthy(Pool pool, PoolMember member)
    {
        var health = _registry.HealthOf(pool, member);
        return health == DestinationHealthView.Healthy || (!_activeHealth && health == DestinationHealthView.Unknown);
    }

    /// <summary>Ends what this process watched of the last phase: its webhook call's answer, its figures.</summary>
    private void Forget()
    {
        _outcomes.Cohorts = null;
        (_watched, _sequential, _updateCall) = (null, null, null);
    }

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    // The store may be down: the update holds where it is and is looked at again at the next tick.
    protected override void LogFailure(Exception exception) => Log.RollingTickFailed(_logger, exception);

    protected override void OnStopped() => _outcomes.Cohorts = null;

    /// <summary>What identifies a phase: a new batch, phase, status or restart of the phase starts a new one.</summary>
    private readonly record struct PhaseKey(string Id, int Batch, RollingPhase Phase, RollingStatus Status, DateTimeOffset PhaseStartedAt)
    {
        public static PhaseKey Of(RollingUpdate update) => new(update.Id, update.Batch, update.Phase, update.Status, update.PhaseStartedAt);
    }

    private sealed record LiveAnalysis(PhaseKey Key, RollingAnalysis Analysis);
}
