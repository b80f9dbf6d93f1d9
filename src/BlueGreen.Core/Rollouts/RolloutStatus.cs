namespace BlueGreen.Core.Rollouts;

/// <summary>Where a progressive rollout stands.</summary>
public enum RolloutStatus
{
    /// <summary>Moving step by step, judged as it goes.</summary>
    Progressing,

    /// <summary>Holding its weights, by an operator or after a failed check with <c>onFailure: pause</c>.</summary>
    Paused,

    /// <summary>Going back to the stable pool in stages; ends <see cref="RolledBack"/> or <see cref="Aborted"/>.</summary>
    RampingDown,

    /// <summary>Ended: the canary takes all traffic and is the stable pool.</summary>
    Promoted,

    /// <summary>Ended: a failed check sent all traffic back to the stable pool.</summary>
    RolledBack,

    /// <summary>Ended: an operator sent all traffic back to the stable pool.</summary>
    Aborted,
}
