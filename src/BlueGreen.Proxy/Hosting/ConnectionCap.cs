using System.Globalization;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// The data plane's cap on open client connections, derived from the open-file limit as HAProxy derives its
/// <c>maxconn</c> from <c>ulimit -n</c>: of the limit, 512 descriptors are kept for the process's own files (it holds
/// about 250 once started: its assemblies, listeners, logs), and of the rest three quarters go to client connections,
/// one quarter to connections to backends, the state store and the admin plane. Past the cap Kestrel closes each new
/// connection at once, so a flood of connections (idle or not) can never take the last descriptors; without it, an
/// accept that fails for want of one leaves new clients waiting in the listen queue with no answer at all. Under the
/// cap, idle connections hold no thread and cost a few kilobytes each, so ten thousand of them slow no one else.
/// </summary>
/// <param name="OpenFileLimit">The process's open-file limit, or <see langword="null"/> when unlimited or unknown.</param>
/// <param name="Limit">The cap, or <see langword="null"/> for none (Kestrel's default) when the open-file limit is.</param>
internal sealed record ConnectionCap(long? OpenFileLimit, long? Limit)
{
    /// <summary>The cap for this process's open-file limit.</summary>
    public static ConnectionCap ForThisProcess() => FromOpenFileLimit(Hosting.OpenFileLimit.Current());

    /// <summary>Descriptors kept for the process's own files (half the limit, when that is smaller).</summary>
    public const int OwnFiles = 512;

    /// <summary>The cap for <paramref name="openFileLimit"/>: three quarters of what the process's own files leave.</summary>
    public static ConnectionCap FromOpenFileLimit(long? openFileLimit) =>
        new(openFileLimit, openFileLimit is { } files ? (files - Math.Min(OwnFiles, files / 2)) * 3 / 4 : null);

    /// <summary>One line for the start-up banner.</summary>
    public string Describe() => Limit is { } limit
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"at most {limit} client connections open at once on the data plane (from the open-file limit {OpenFileLimit}; raise it with ulimit -n or LimitNOFILE)")
        : "no cap on client connections (the open-file limit is unlimited or unknown)";
}
