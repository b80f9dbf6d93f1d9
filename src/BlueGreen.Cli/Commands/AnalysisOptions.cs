using System.CommandLine;
using BlueGreen.Cli.Api;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// The analysis options that <c>rollout start</c> and <c>rolling start</c> share (<c>--max-error-rate</c>,
/// <c>--max-p99-ms</c>, <c>--min-requests</c>, <c>--no-sequential</c>, <c>--alpha</c>), described for what each judges.
/// </summary>
public sealed class AnalysisOptions
{
    /// <summary>Creates the options; <paramref name="subject"/> is what is judged (<c>the canary</c>), <paramref name="unit"/> when (<c>a step</c>).</summary>
    public AnalysisOptions(string subject, string unit)
    {
        MaxErrorRate = new("--max-error-rate") { Description = $"The highest error rate of {subject}, 0 to 1 [server default: 0.05]" };
        MaxP99Ms = new("--max-p99-ms") { Description = $"The highest p99 latency of {subject} in ms [server default: none]" };
        MinRequests = new("--min-requests") { Description = $"Requests {subject} must serve before {unit} is judged [server default: 20]" };
        NoSequential = new("--no-sequential") { Description = "Turn off the sequential (anytime-valid) test" };
        Alpha = new("--alpha") { Description = "The sequential test's false-alarm rate [server default: 0.05]" };
    }

    /// <summary><c>--max-error-rate</c>.</summary>
    public Option<double?> MaxErrorRate { get; }

    /// <summary><c>--max-p99-ms</c>.</summary>
    public Option<double?> MaxP99Ms { get; }

    /// <summary><c>--min-requests</c>.</summary>
    public Option<int?> MinRequests { get; }

    /// <summary><c>--no-sequential</c>.</summary>
    public Option<bool> NoSequential { get; }

    /// <summary><c>--alpha</c>.</summary>
    public Option<double?> Alpha { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(MaxErrorRate);
        command.Options.Add(MaxP99Ms);
        command.Options.Add(MinRequests);
        command.Options.Add(NoSequential);
        command.Options.Add(Alpha);
    }

    /// <summary>The <c>analysis</c> to send, or <see langword="null"/> when nothing was given (the server's defaults apply).</summary>
    public AnalysisBody? Read(ParseResult parse, bool? dryRun = null)
    {
        var body = new AnalysisBody(
            parse.GetValue(MaxErrorRate),
            parse.GetValue(MaxP99Ms),
            parse.GetValue(MinRequests),
            parse.GetValue(NoSequential) ? false : null,
            parse.GetValue(Alpha),
            dryRun);
        return body == new AnalysisBody(null, null, null, null, null, null) ? null : body;
    }
}
