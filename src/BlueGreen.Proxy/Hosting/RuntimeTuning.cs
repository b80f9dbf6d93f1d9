namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// Runtime settings that measurably help a proxy (see benchmarks/README.md), applied before the first socket
/// exists. An operator's own value of each variable always wins.
/// </summary>
internal static class RuntimeTuning
{
    /// <summary>Runs socket completions on the epoll thread instead of queueing them to the thread pool.</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Apply()
    {
        // Perf: every proxied request is two sockets' worth of small reads and writes; handing each completion
        // to the thread pool costs more than the work itself. BlueGreen never blocks in a completion, which is
        // what makes inline completions safe. Read once, when the socket engine starts.
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }
    }
}
