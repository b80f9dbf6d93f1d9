using System.Security.Cryptography;
using System.Text;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// The admin plane's tokens and their names. Presented tokens are compared in constant time, on SHA-256
/// digests so that not even a token's length leaks through timing.
/// </summary>
internal sealed class AdminTokens
{
    /// <summary>The name (and audit actor) of the operator token.</summary>
    public const string OperatorName = "operator";

    /// <summary>The name (and audit actor) of the read-only viewer token.</summary>
    public const string ViewerName = "viewer";

    private readonly byte[] _operatorDigest;
    private readonly byte[]? _viewerDigest;

    private AdminTokens(string operatorToken, string? viewerToken, string? generatedTokenFile)
    {
        OperatorToken = operatorToken;
        GeneratedTokenFile = generatedTokenFile;
        _operatorDigest = Digest(operatorToken);
        _viewerDigest = string.IsNullOrEmpty(viewerToken) ? null : Digest(viewerToken);
    }

    /// <summary>The operator token, for start-up output and in-process callers.</summary>
    public string OperatorToken { get; }

    /// <summary>
    /// The token file the operator token was read from or written to, or <see langword="null"/> when the token was
    /// configured.
    /// </summary>
    public string? GeneratedTokenFile { get; }

    /// <summary>Whether this start generated the token (rather than reading one an earlier start wrote).</summary>
    public bool GeneratedNow { get; private init; }

    /// <summary>
    /// Uses the configured operator token, else the one a previous start wrote to the token file, else generates
    /// one and writes it there with mode 0600, created that way so that it is never readable by others, not even
    /// for a moment. Reusing the file keeps scripts and the CLI working across restarts.
    /// </summary>
    public static AdminTokens Create(AdminOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return new AdminTokens(options.Token, options.ViewerToken, generatedTokenFile: null);
        }

        var path = Path.GetFullPath(options.TokenFile);
        var existing = ReadTokenFile(path);
        return new AdminTokens(existing ?? WriteNewTokenFile(path), options.ViewerToken, path) { GeneratedNow = existing is null };
    }

    /// <summary>The token a previous start wrote, or <see langword="null"/> when there is no file or it holds no token.</summary>
    private static string? ReadTokenFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var token = File.ReadAllText(path).Trim();
        if (token.Length == 0)
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            // A file someone loosened is still the operator's token: keep it, but readable by its owner only.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }

    private static string WriteNewTokenFile(string path)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, fileOptions))
        {
            stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
        }

        return token;
    }

    /// <summary>Returns the name of the token presented, or <see langword="null"/> when it is neither.</summary>
    public string? Identify(string presented)
    {
        var digest = Digest(presented);

        // Both comparisons always run, so timing does not tell which token (if any) matched.
        var isOperator = CryptographicOperations.FixedTimeEquals(digest, _operatorDigest);
        var isViewer = _viewerDigest is not null && CryptographicOperations.FixedTimeEquals(digest, _viewerDigest);
        return isOperator ? OperatorName : isViewer ? ViewerName : null;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
