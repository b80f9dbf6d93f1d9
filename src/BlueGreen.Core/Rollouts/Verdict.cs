namespace BlueGreen.Core.Rollouts;

/// <summary>What the checks of a step say.</summary>
public enum Verdict
{
    /// <summary>Too little to judge yet (fewer than <c>minRequests</c> canary requests): the step neither passes nor fails.</summary>
    Waiting,

    /// <summary>Every check holds.</summary>
    Pass,

    /// <summary>A check failed.</summary>
    Fail,
}
