using System.Globalization;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// The data plane's cap on open client connections: three quarters of the open-file limit, as HAProxy derives its
/// <c>maxconn</c> from <c>ulimit -n</c>. Past the cap Kestrel closes each new connection at once, so a flood of
/// connections (idle or not) can never take the last file descriptors, which the proxy needs for its connections to
/// backends, the state store and the admin plane; under the cap, idle connections hold no thread and cost a few
/// kilobytes each, so ten thousand of them do not slow anyone else.
/// </summary>
/// <param name="OpenFileLimit">The process's open-file limit, or <see langword="null"/> when unlimited or unknown.</param>
/// <param name="Limit">The cap, or <see langword="null"/> for none (Kestrel's default) when the open-file limit is.</param>
internal sealed record ConnectionCap(long? OpenFileLimit, long? Limit)
{
    /// <summary>The cap for this process's open-file limit.</summary>
    public static ConnectionCap ForThisProcess() => FromOpenFileLimit(Hosting.OpenFileLimit.Current());

    /// <summary>Three quarters of <paramref name="openFileLimit"/>; the last quarter is for everything but client connections.</summary>
    public static ConnectionCap FromOpenFileLimit(long? openFileLimit) =>
        new(openFileLimit, openFileLimit is { } files ? files - (files / 4) : null);

    /// <summary>One line for the start-up banner.</summary>
    public string Describe() => Limit is { } limit
        ? string.Create(CultureInfo.InvariantCulture, $"at most {limit} open at once (3/4 of the open-file limit {OpenFileLimit}; raise it with ulimit -n or LimitNOFILE)")
        : "no cap (the open-file limit is unlimited or unknown)";
}
