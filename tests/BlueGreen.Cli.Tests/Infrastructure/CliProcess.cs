using System.Diagnostics;

namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the real CLI as a process (<c>dotnet bluegreen.dll ...</c>) with stdout and stderr redirected, so it prints
/// plain text as it does in a pipeline. The environment variable <c>BLUEGREEN_TOKEN</c> is removed unless given.
/// </summary>
internal static class CliProcess
{
    private static readonly Lazy<string> Dll = new(FindDll);

    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("BLUEGREEN_TOKEN");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bluegreen {string.Join(' ', args)} did not end within {timeout ?? TimeSpan.FromSeconds(30)}; stdout so far: {await output}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    private static string FindDll()
    {
        // The CLI is a project reference: its bluegreen.dll and runtimeconfig sit beside the tests.
        var beside = Path.Combine(AppContext.BaseDirectory, "bluegreen.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "bluegreen.runtimeconfig.json")))
        {
            return beside;
        }

        throw new InvalidOperationException($"bluegreen.dll with its runtimeconfig was not found in {AppContext.BaseDirectory}.");
    }
}
