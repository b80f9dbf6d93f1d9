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
        using var running = Start(args, workingDirectory, environment);
        return await running.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts the CLI and returns at once, for a test that acts while it runs (e.g. a <c>--watch</c>).</summary>
    public static RunningCli Start(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
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

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        return new RunningCli(process, string.Join(' ', args));
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
