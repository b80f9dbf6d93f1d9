namespace BlueGreen.Core.Switching;

/// <summary>How a requested change ended.</summary>
public enum ChangeOutcome
{
    /// <summary>The change was committed and is in force.</summary>
    Applied,

    /// <summary>The caller's expected version is not the current one; nothing changed.</summary>
    VersionMismatch,

    /// <summary>The change does not fit the state (a destination changed meanwhile, a rollout runs); nothing changed.</summary>
    Conflict,
}
