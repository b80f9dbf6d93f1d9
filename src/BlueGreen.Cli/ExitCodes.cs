namespace BlueGreen.Cli;

/// <summary>The CLI's exit codes (contract, section CLI).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Done = 0;

    /// <summary>The server refused the request; its problem details went to stderr in one line.</summary>
    public const int Refused = 1;

    /// <summary>Bad usage: the command line does not parse, or a value (weights, a duration, steps) is not valid.</summary>
    public const int Usage = 2;

    /// <summary>The server cannot be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>
    /// <c>rollout status --watch</c>: the rollout ended <c>rolledBack</c> or <c>aborted</c>; <c>rolling status --watch</c>:
    /// the rolling update ended <c>stopped</c> or <c>aborted</c>.
    /// </summary>
    public const int RolledBack = 4;

    /// <summary><c>rollout status --watch</c> or <c>rolling status --watch</c>: it paused (without <c>--until-end</c>).</summary>
    public const int Paused = 5;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
