using System.CommandLine;

namespace BlueGreen.Cli.Commands;

/// <summary>The options every command takes (<c>--url</c>, <c>--token</c>, <c>--json</c>) and the writes' <c>--reason</c>.</summary>
public sealed class GlobalOptions
{
    /// <summary>The admin plane's default address.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>Creates the options.</summary>
    public GlobalOptions()
    {
        Url.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"--url: '{value}' is not an http:// or https:// address, e.g. {DefaultUrl}.");
            }
        });
    }

    /// <summary><c>--url</c>: the admin plane.</summary>
    public Option<string> Url { get; } = new("--url")
    {
        Description = "The admin plane's address",
        DefaultValueFactory = _ => DefaultUrl,
        Recursive = true,
    };

    /// <summary><c>--token</c>: the admin token (else <c>BLUEGREEN_TOKEN</c>, else <c>data/admin.token</c>).</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The admin token [default: ${TokenSource.EnvironmentVariable}, else the file {TokenSource.TokenFile}]",
        Recursive = true,
    };

    /// <summary><c>--json</c>: print the server's JSON unchanged.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the server's JSON unchanged on stdout",
        Recursive = true,
    };

    /// <summary><c>--reason</c>: why, for the audit history (writes only).</summary>
    public Option<string?> Reason { get; } = new("--reason")
    {
        Description = "Why, kept in the audit history (at most 200 characters)",
    };
}
