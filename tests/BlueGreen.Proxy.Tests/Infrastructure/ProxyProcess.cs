using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>The real BlueGreen executable in its own process, started from a folder the test owns.</summary>
internal sealed partial class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ProxyProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Sends SIGTERM, as an orchestrator stopping the proxy does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Sends SIGKILL: the process dies at once, as on a crash or an OOM kill, with no shutdown of its own.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>The built BlueGreen.Proxy.dll beside this test assembly's own output (same configuration).</summary>
    public static string ProxyAssembly { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace("BlueGreen.Proxy.Tests", "BlueGreen.Proxy", StringComparison.Ordinal),
        "BlueGreen.Proxy.dll");

    /// <summary>
    /// The trait of the test classes that start the real executable: CI runs them again against the Native AOT
    /// build (<c>--filter Proxy=Process</c>).
    /// </summary>
    public const string Trait = "Proxy";

    /// <inheritdoc cref="Trait"/>
    public const string TraitValue = "Process";

    /// <summary>
    /// The Native AOT executable named by <c>BLUEGREEN_PROXY_EXECUTABLE</c>, an absolute path (CI runs the process
    /// tests a second time against it), or <see langword="null"/> for the JIT build run by <c>dotnet</c>.
    /// </summary>
    public static string? NativeExecutable { get; } =
        Environment.GetEnvironmentVariable("BLUEGREEN_PROXY_EXECUTABLE") is { Length: > 0 } path ? path : null;

    /// <summary>The program and the arguments before the proxy's own that start it.</summary>
    private static string[] Launcher { get; } = NativeExecutable is { } native ? [native] : ["dotnet", ProxyAssembly];

    public static ProxyProcess Start(string workingDirectory, params string[] args) =>
        StartProgram(workingDirectory, Launcher[0], [.. Launcher[1..], .. args]);

    /// <summary>Starts the proxy with its open-file limit (soft and hard) set to <paramref name="openFiles"/>, as <c>ulimit -n</c> does.</summary>
    public static ProxyProcess StartWithOpenFileLimit(string workingDirectory, int openFiles, params string[] args) =>
        StartProgram(workingDirectory, "sh", ["-c", $"ulimit -n {openFiles} && exec \"$@\"", "sh", .. Launcher, .. args]);

    private static ProxyProcess StartProgram(string workingDirectory, string program, IEnumerable<string> args)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return new ProxyProcess(Process.Start(startInfo)!);
    }

    /// <summary>
    /// Both planes on free loopback ports, <paramref name="token"/> as the operator token, no active probes and no
    /// stickiness: the arguments the process tests share, before their pools.
    /// </summary>
    public static string[] LoopbackArgs(string token) =>
    [
        "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
        "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
        $"--BlueGreen:Admin:Token={token}",
        "--BlueGreen:Health:Active:Enabled=false",
        "--BlueGreen:Stickiness:Mode=None",
    ];

    /// <summary>A client of the admin plane at <paramref name="admin"/> that sends <paramref name="token"/>.</summary>
    public static HttpClient AdminClient(Uri admin, string token)
    {
        var client = new HttpClient { BaseAddress = admin };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits for the start-up banner and returns the addresses it names (listeners may be port 0).</summary>
    public async Task<(Uri DataPlane, Uri AdminPlane)> WaitForBannerAsync()
    {
        await Eventually.HoldsAsync(() => Banner().IsMatch(Output) || HasExited, "the start-up banner");
        var banner = Banner().Match(Output);
        Assert.True(banner.Success, $"no start-up banner; output:\n{Output}");
        return (new Uri(banner.Groups["data"].Value), new Uri(banner.Groups["admin"].Value));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"data plane:\s+(?<data>https?://\S+)\s+admin plane:\s+(?<admin>https?://\S+)")]
    private static partial Regex Banner();
}
