using System.Diagnostics;
using System.Net.Sockets;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A real redis-server (Debian's package, installed by <c>.ci/run</c>) on a free 127.0.0.1 port with a temporary
/// folder and no persistence; it can be stopped, frozen (SIGSTOP: connections hang rather than close) and resumed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Port = PrometheusServer.FreePort();
        await StartAsync();
    }

    /// <summary>Starts (again) on the same port.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory.Path, "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (.ci/run does it).", ex);
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.HoldsAsync(() => Accepts(Port), $"redis-server on port {Port}");
    }

    /// <summary>Starts the server again when it was stopped (not when it is only frozen).</summary>
    public async Task StartAsyncIfStopped()
    {
        if (_process is null || _process.HasExited)
        {
            await StartAsync();
        }
    }

    /// <summary>Stops the server (SIGKILL): connections close.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open and hang.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Resumes a frozen server (SIGCONT).</summary>
    public void Thaw() => Signal("-CONT");

    public async Task DisposeAsync()
    {
        Thaw();
        await StopAsync();
        _process?.Dispose();
        _directory.Dispose();
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
