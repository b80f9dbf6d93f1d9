namespace BlueGreen.Core.Rolling;

/// <summary>Where the current batch of a rolling update is, in the order a batch goes through them.</summary>
public enum RollingPhase
{
    /// <summary>Not touched yet: it starts once taking it out of rotation leaves a healthy destination in the pool.</summary>
    Pending,

    /// <summary>Out of rotation; its in-flight requests finish, up to the drain timeout.</summary>
    Draining,

    /// <summary>Drained; being updated (the update webhook runs, or an operator's <c>continue</c> is awaited).</summary>
    Updating,

    /// <summary>Updated and back in rotation; waiting until active health says every destination of it is healthy.</summary>
    Enabling,

    /// <summary>Serving; judged against the destinations not updated yet for at least the pause between batches.</summary>
    Judging,
}
