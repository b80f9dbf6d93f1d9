using System.Diagnostics;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Runs Prometheus's own <c>promtool</c> (Debian package <c>prometheus</c>, installed by <c>.ci/run</c>).</summary>
internal static class Promtool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string? standardInput, params string[] args)
    {
        var startInfo = new ProcessStartInfo("promtool")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("promtool is not installed: apt-get install prometheus (.ci/run does it).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await output + await error);
        }
    }
}
