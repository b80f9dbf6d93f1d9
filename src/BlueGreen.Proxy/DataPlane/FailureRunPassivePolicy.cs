using System.Runtime.CompilerServices;
using BlueGreen.Core.Analysis;
using BlueGreen.Core.Routing;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Passive health as nginx's <c>max_fails</c> or Envoy's outlier detection: a destination is ejected after a run
/// of consecutive failures, a failure being the destination's fault — it refused, reset or timed out, broke a
/// body, or answered 5xx (YARP's own passive policy counts transport errors only). It comes back after the
/// cluster's reactivation period. A client that went away is never the destination's fault: such a request
/// neither counts as a failure nor ends a run.
/// </summary>
internal sealed class FailureRunPassivePolicy : IPassiveHealthCheckPolicy
{
    /// <summary>The policy's name in the cluster configuration.</summary>
    public const string PolicyName = "BlueGreenFailureRun";

    /// <summary>Consecutive failures that eject a destination.</summary>
    public const int Threshold = 5;

    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(5);

    private readonly IDestinationHealthUpdater _healthUpdater;
    private readonly PoolOutcomes _outcomes;
    private readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _runs = new();

    public FailureRunPassivePolicy(IDestinationHealthUpdater healthUpdater, PoolOutcomes outcomes)
    {
        _healthUpdater = healthUpdater;
        _outcomes = outcomes;
    }

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var outcome = Judge(context);
        if (outcome == Outcome.NoVerdict)
        {
            return;
        }

        var run = _runs.GetValue(destination, static _ => new StrongBox<int>());
        if (outcome == Outcome.Succeeded)
        {
            // Perf: write only when a run was going on, so healthy traffic does not bounce the cache line.
            if (Volatile.Read(ref run.Value) != 0)
            {
                Volatile.Write(ref run.Value, 0);
            }

            return;
        }

        if (Interlocked.Increment(ref run.Value) == Threshold)
        {
            Volatile.Write(ref run.Value, 0);

            // An ejected canary destination fails the rollout's step, whatever the counts say.
            if (PoolNames.TryParse(cluster.ClusterId, out var pool))
            {
                _outcomes.RecordEjection(pool);
            }

            _healthUpdater.SetPassive(
                cluster,
                destination,
                DestinationHealth.Unhealthy,
                cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation);
        }
    }

    /// <summary>What a proxied request says about its destination.</summary>
    internal static Outcome Judge(HttpContext context)
    {
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;

        // As YARP's TransportFailureRateHealthPolicy: name the destination's faults, so that any other error,
        // including ones a future YARP adds, is not held against it.
        if (error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination or
            ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination)
        {
            // A connection torn down because the client left can surface as a transport error too.
            return context.RequestAborted.IsCancellationRequested ? Outcome.NoVerdict : Outcome.Failed;
        }

        if (error != ForwarderError.None)
        {
            return Outcome.NoVerdict;
        }

        return context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? Outcome.Failed : Outcome.Succeeded;
    }

    /// <summary>What a proxied request says about its destination.</summary>
    internal enum Outcome
    {
        /// <summary>The destination answered below 500.</summary>
        Succeeded,

        /// <summary>The destination's fault: a transport failure, a broken body from its side, or a 5xx answer.</summary>
        Failed,

        /// <summary>Nothing about the destination: the client went away, or the request failed on the proxy's side.</summary>
        NoVerdict,
    }
}
