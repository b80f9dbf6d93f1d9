namespace BlueGreen.Core.Rolling;

/// <summary>Where a rolling update stands (contract, section Rolling updates).</summary>
public enum RollingStatus
{
    /// <summary>Draining, enabling or judging a batch, or about to start the next.</summary>
    Progressing,

    /// <summary>A drained batch waits for its update: the update webhook's answer, or an operator's <c>continue</c>.</summary>
    WaitingForUpdate,

    /// <summary>Held by an operator where it stood.</summary>
    Paused,

    /// <summary>Ended: a batch failed its checks and was drained again; the batches after it were not touched.</summary>
    Stopped,

    /// <summary>Ended: every batch was updated and passed its checks.</summary>
    Completed,

    /// <summary>Ended by an operator.</summary>
    Aborted,
}
