using System.Diagnostics;
using System.Text;

namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>
/// A CLI process that runs: a test can wait for a text on its stdout (to act only once the CLI has seen a state),
/// then for its end. Disposing kills it if it still runs.
/// </summary>
internal sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly string _command;
    private readonly StringBuilder _output = new();
    private readonly Task _reading;
    private readonly Task<string> _error;

    public RunningCli(Process process, string command)
    {
        _process = process;
        _command = command;
        _reading = ReadAsync(process.StandardOutput);
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>What the process printed on stdout so far.</summary>
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

    /// <summary>Waits until stdout holds <paramref name="text"/>; fails the test if the process ends or <paramref name="timeout"/> passes first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_reading.IsCompleted)
            {
                Assert.Fail($"bluegreen {_command} ended without printing '{text}'; {await WaitForExitAsync(timeout)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"bluegreen {_command} did not print '{text}' within {timeout}; stdout so far:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the process to end; fails the test (killing it) if it runs longer than <paramref name="timeout"/>.</summary>
    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"bluegreen {_command} did not end within {timeout}; stdout so far:\n{Output}");
        }

        await _reading;
        return new CliResult(_process.ExitCode, Output, await _error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task ReadAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_output)
            {
                _output.Append(buffer, 0, read);
            }
        }
    }
}
