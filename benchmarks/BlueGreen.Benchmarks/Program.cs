using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BlueGreen.Benchmarks;

/// <summary>
/// Runs the benchmarks with BenchmarkDotNet's command line, plus two switches of our own: <c>--smoke</c> runs
/// every benchmark once (the Dry job), which is how CI checks that they all still run, and <c>--outOfProcess</c>
/// runs each benchmark in a process of its own instead of in this one.
/// </summary>
public static class Program
{
    private const string SmokeSwitch = "--smoke";
    private const string OutOfProcessSwitch = "--outOfProcess";

    public static int Main(string[] args)
    {
        var smoke = Remove(ref args, SmokeSwitch);
        var outOfProcess = Remove(ref args, OutOfProcessSwitch);

        // In process by default, as Polly's benchmarks run: a separate process means BenchmarkDotNet builds a
        // project of its own that compiles src/ again, which fails or measures other code while others edit src/.
        if (!outOfProcess && !args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase))
        {
            args = [.. args, "--inProcess"];
        }

        if (smoke)
        {
            if (!args.Contains("--job", StringComparer.OrdinalIgnoreCase))
            {
                args = [.. args, "--job", "Dry"];
            }

            // Without a filter the switcher asks on the console which benchmarks to run, and CI has no one to answer.
            if (!args.Any(a => a.StartsWith("--filter", StringComparison.OrdinalIgnoreCase) || a == "-f"))
            {
                args = [.. args, "--filter", "*"];
            }
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return Failed([.. summaries], smoke) ? 1 : 0;
    }

    private static bool Remove(ref string[] args, string name)
    {
        var found = args.Contains(name, StringComparer.OrdinalIgnoreCase);
        args = [.. args.Where(a => !string.Equals(a, name, StringComparison.OrdinalIgnoreCase))];
        return found;
    }

    // BenchmarkDotNet reports a benchmark that threw or did not build, but still exits with 0; CI needs a failure.
    private static bool Failed(IReadOnlyList<Summary> summaries, bool smoke) =>
        (smoke && summaries.Sum(s => s.Reports.Length) == 0) ||
        summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
}
