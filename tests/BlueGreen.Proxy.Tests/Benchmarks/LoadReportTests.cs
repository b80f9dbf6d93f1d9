using System.Diagnostics;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Benchmarks;

/// <summary>
/// The load run's statistics, report and charts (<c>benchmarks/load/report.py</c>) are tested by Python's unittest
/// (<c>benchmarks/load/test_report.py</c>); this runs that suite as part of the README's test command, so CI fails
/// when it does. Needs Debian's python3, which <c>.ci/run</c> installs.
/// </summary>
public sealed class LoadReportTests
{
    [Fact]
    public async Task ReportStatistics_PythonUnittest_Passes()
    {
        var startInfo = new ProcessStartInfo("python3")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "unittest", "discover", "-s", "benchmarks/load", "-p", "test_*.py" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        // No bytecode cache written into the repository by a test run.
        startInfo.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("python3 is not installed: apt-get install python3 (.ci/run does it).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            var text = await output + await error;
            Assert.True(process.ExitCode == 0, $"python3 -m unittest exited {process.ExitCode}:\n{text}");
            // Python 3.11 exits 0 when discovery finds no test at all.
            Assert.DoesNotContain("Ran 0 tests", text, StringComparison.Ordinal);
        }
    }
}
