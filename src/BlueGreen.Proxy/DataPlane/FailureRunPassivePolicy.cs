using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Passive health as nginx's <c>max_fails</c> or Envoy's outlier detection: a destination is ejected after a run
/// of consecutive failures, a failure being a transport error or a 5xx answer (YARP's own passive policy counts
/// transport errors only). It comes back after the cluster's reactivation period. Client-side failures (the client
/// went away) do not count against the destination.
/// </summary>
internal sealed class FailureRunPassivePolicy : IPassiveHealthCheckPolicy
{
    /// <summary>The policy's name in the cluster configuration.</summary>
    public const string PolicyName = "BlueGreenFailureRun";

    /// <summary>Consecutive failures that eject a destination.</summary>
    public const int Threshold = 5;

    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(5);

    private readonly IDestinationHealthUpdater _healthUpdater;
    private readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _runs = new();

    public FailureRunPassivePolicy(IDestinationHealthUpdater healthUpdater)
    {
        _healthUpdater = healthUpdater;
    }

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var run = _runs.GetValue(destination, static _ => new StrongBox<int>());
        if (!Failed(context))
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
            _healthUpdater.SetPassive(
                cluster,
                destination,
                DestinationHealth.Unhealthy,
                cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation);
        }
    }

    private static bool Failed(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>()?.Error is { } error
            ? error is not (ForwarderError.RequestCanceled or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient or ForwarderError.UpgradeResponseClient)
            : context.Response.StatusCode >= StatusCodes.Status500InternalServerError;
}
