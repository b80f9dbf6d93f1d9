namespace BlueGreen.Proxy.Configuration;

/// <summary>The configuration cannot be used; start-up prints each problem on its own line and exits with 2.</summary>
public sealed class InvalidConfigurationException : Exception
{
    /// <summary>Creates the exception from one line per problem.</summary>
    public InvalidConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>One line per problem, each naming its configuration key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
