namespace BlueGreen.Cli;

/// <summary>
/// Finds the admin token: the <c>--token</c> flag, else the environment variable <c>BLUEGREEN_TOKEN</c>, else the
/// file <c>data/admin.token</c> relative to the current directory (where the proxy writes a generated token).
/// </summary>
public sealed class TokenSource
{
    /// <summary>The environment variable read when no flag is given.</summary>
    public const string EnvironmentVariable = "BLUEGREEN_TOKEN";

    /// <summary>The token file read last, relative to the current directory.</summary>
    public const string TokenFile = "data/admin.token";

    private readonly Func<string, string?> _environment;
    private readonly string _currentDirectory;

    /// <summary>Creates a source over the given environment and current directory.</summary>
    public TokenSource(Func<string, string?> environment, string currentDirectory)
    {
        _environment = environment;
        _currentDirectory = currentDirectory;
    }

    /// <summary>The process's environment and current directory.</summary>
    public static TokenSource ForProcess() => new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    /// <summary>The token to send.</summary>
    /// <exception cref="CliException">No token was found (exit code 2); the message says where the CLI looked.</exception>
    public string Resolve(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return flag.Trim();
        }

        var fromEnvironment = _environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        var path = Path.GetFullPath(Path.Combine(_currentDirectory, TokenFile));
        string? fromFile = null;
        try
        {
            fromFile = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"No admin token: --token is not given, {EnvironmentVariable} is not set, and {path} cannot be read ({ex.Message}).");
        }

        return string.IsNullOrEmpty(fromFile)
            ? throw new CliException(
                ExitCodes.Usage,
                $"No admin token: looked at --token (not given), the environment variable {EnvironmentVariable} (not set) and the file {path} ({(fromFile is null ? "not found" : "empty")}).")
            : fromFile;
    }
}
