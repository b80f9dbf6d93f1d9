namespace BlueGreen.Cli;

/// <summary>A failure that ends the command with an exit code and one line for stderr.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the failure.</summary>
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the failure with exit code 1.</summary>
    public CliException()
        : this(ExitCodes.Refused, "The command failed.")
    {
    }

    /// <summary>Creates the failure with exit code 1.</summary>
    public CliException(string message)
        : this(ExitCodes.Refused, message)
    {
    }

    /// <summary>Creates the failure with exit code 1 and its cause.</summary>
    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Refused;
    }

    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; }
}
