using System.Runtime.InteropServices;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// The process's open-file limit (<c>ulimit -n</c>, systemd's <c>LimitNOFILE</c>), which .NET does not expose: every
/// connection, client or backend, is one file descriptor.
/// </summary>
internal static partial class OpenFileLimit
{
    // Linux's RLIMIT_NOFILE; rlim_t is 64 bits wide in a 64-bit process.
    private const int NoFileResource = 7;
    private const ulong Unlimited = ulong.MaxValue;

    /// <summary>The soft limit in force, or <see langword="null"/> when unlimited or unknown (not 64-bit Linux).</summary>
    public static long? Current()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || GetResourceLimit(NoFileResource, out var limit) != 0)
        {
            return null;
        }

        return limit.Current == Unlimited ? null : (long)Math.Min(limit.Current, long.MaxValue);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetResourceLimit(int resource, out ResourceLimit limit);
}
