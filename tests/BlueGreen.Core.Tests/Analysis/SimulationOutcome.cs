using System.Globalization;

namespace BlueGreen.Core.Tests.Analysis;

/// <summary>What a detector made of simulated rollouts: the canary requests each one took to raise its alarm.</summary>
/// <param name="Rollouts">Rollouts simulated.</param>
/// <param name="CanaryRequestsToAlarm">For each rollout that raised the alarm, the canary requests served until then.</param>
internal sealed record SimulationOutcome(int Rollouts, IReadOnlyList<long> CanaryRequestsToAlarm)
{
    /// <summary>The share of rollouts that raised the alarm.</summary>
    public double AlarmRate => (double)CanaryRequestsToAlarm.Count / Rollouts;

    /// <summary>The median canary requests to the alarm over all rollouts (a silent one counts as never); null if half were silent.</summary>
    public long? MedianCanaryRequestsToAlarm
    {
        get
        {
            var middle = (Rollouts - 1) / 2;
            if (middle >= CanaryRequestsToAlarm.Count)
            {
                return null;
            }

            var sorted = CanaryRequestsToAlarm.Order().ToArray();
            return sorted[middle];
        }
    }

    /// <summary>The figures in words.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{CanaryRequestsToAlarm.Count} of {Rollouts} rollouts alarmed ({AlarmRate:P2}); median canary requests to the alarm: {MedianCanaryRequestsToAlarm?.ToString(CultureInfo.InvariantCulture) ?? "never"}");
}
