using System.Runtime.CompilerServices;
using BlueGreen.Proxy.Observability;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// YARP's <c>ConsecutiveFailures</c> active health policy with one log line per failed probe: the destination, the
/// error in words and how many probes in a row have failed. YARP's own monitor logs each failed probe as a warning
/// with the whole exception (a stack trace per probe); that category is filtered to errors, and this line replaces it.
/// </summary>
internal sealed class ProbeLoggingHealthPolicy : IActiveHealthCheckPolicy
{
    /// <summary>The policy name clusters use for it.</summary>
    public const string PolicyName = "BlueGreen.ConsecutiveFailures";

    private readonly IServiceProvider _services;
    private readonly ILogger<ProbeLoggingHealthPolicy> _logger;
    private readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _failures = new();
    private IActiveHealthCheckPolicy? _yarpPolicy;

    public ProbeLoggingHealthPolicy(IServiceProvider services, ILogger<ProbeLoggingHealthPolicy> logger)
    {
        _services = services;
        _logger = logger;
    }

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        foreach (var result in probingResults)
        {
            var failures = _failures.GetValue(result.Destination, _ => new StrongBox<int>());
            if (result.Response is { IsSuccessStatusCode: true })
            {
                Volatile.Write(ref failures.Value, 0);
                continue;
            }

            Log.ProbeFailed(
                _logger,
                cluster.ClusterId,
                result.Destination.DestinationId,
                result.Destination.Model.Config.Address,
                Describe(result, cluster),
                Interlocked.Increment(ref failures.Value));
        }

        YarpPolicy().ProbingCompleted(cluster, probingResults);
    }

    /// <summary>
    /// YARP's policy, looked up on first use: it is registered under the same interface as this one, so asking for
    /// the set in the constructor would ask for this policy while it is being built.
    /// </summary>
    private IActiveHealthCheckPolicy YarpPolicy() =>
        _yarpPolicy ??= _services.GetServices<IActiveHealthCheckPolicy>()
            .Single(p => p.Name == HealthCheckConstants.ActivePolicy.ConsecutiveFailures);

    private static string Describe(DestinationProbingResult result, ClusterState cluster)
    {
        if (result.Response is { } response)
        {
            return $"answered {(int)response.StatusCode}";
        }

        if (result.Exception is OperationCanceledException)
        {
            return cluster.Model.Config.HealthCheck?.Active?.Timeout is { } timeout
                ? $"no answer within {timeout.TotalSeconds:0.###} s"
                : "no answer within the probe timeout";
        }

        // The messages of the exception chain on one line, without repeating one that already says the next.
        var messages = new List<string>();
        for (var exception = result.Exception; exception is not null; exception = exception.InnerException)
        {
            if (!messages.Exists(m => m.Contains(exception.Message, StringComparison.Ordinal)))
            {
                messages.Add(exception.Message.ReplaceLineEndings(" "));
            }
        }

        return messages.Count == 0 ? "failed" : string.Join(": ", messages);
    }
}
