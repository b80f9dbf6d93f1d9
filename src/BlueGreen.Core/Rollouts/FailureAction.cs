namespace BlueGreen.Core.Rollouts;

/// <summary>What a failed check does to a rollout (<c>onFailure</c>).</summary>
public enum FailureAction
{
    /// <summary>Back to the stable pool: at once, or in stages when a ramp-down is given.</summary>
    Rollback,

    /// <summary>Hold the weights, for steps that cannot be undone (a migration already ran).</summary>
    Pause,
}
