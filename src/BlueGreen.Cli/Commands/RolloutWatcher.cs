using System.Text.Json;
using BlueGreen.Cli.Rendering;
using Spectre.Console;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// Follows the current rollout (GET about every 500 ms) until it ends: a live panel on a terminal, one plain line per
/// change otherwise (or the server's JSON per change with <c>--json</c>). Exit 0 when promoted, 4 when rolled back or
/// aborted, 5 when it pauses (unless told to wait until the end).
/// </summary>
public sealed class RolloutWatcher
{
    /// <summary>The route followed.</summary>
    public const string CurrentPath = "api/v1/rollouts/current";

    /// <summary>How often the rollout is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly CommandContext _context;
    private readonly bool _untilEnd;

    /// <summary>Creates a watcher.</summary>
    public RolloutWatcher(CommandContext context, bool untilEnd)
    {
        _context = context;
        _untilEnd = untilEnd;
    }

    /// <summary>The exit code for a rollout in <paramref name="status"/>, or <see langword="null"/> while it goes on.</summary>
    public static int? ExitCodeFor(string status, bool untilEnd) => status switch
    {
        "promoted" => ExitCodes.Done,
        "rolledBack" or "aborted" => ExitCodes.RolledBack,
        "paused" when !untilEnd => ExitCodes.Paused,
        _ => null,
    };

    /// <summary>Watches until the rollout ends (or pauses); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_context.OutputIsTerminal && !_context.Json)
        {
            var result = ExitCodes.Done;
            await _context.Console.Live(new Text("reading the rollout...")).StartAsync(async live =>
            {
                result = await PollAsync(rollout => live.UpdateTarget(RolloutRenderer.Build(rollout)), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return result;
        }

        string? lastKey = null;
        return await PollAsync(
            rollout =>
            {
                var key = _context.Json ? rollout.GetRawText() : RolloutRenderer.ChangeKey(rollout);
                if (key != lastKey)
                {
                    lastKey = key;
                    _context.Output.WriteLine(_context.Json ? rollout.GetRawText() : RolloutRenderer.PlainLine(rollout));
                    _context.Output.Flush();
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> PollAsync(Action<JsonElement> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await _context.Api.GetAsync(CurrentPath, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return _context.Refused(response);
            }

            var rollout = response.Document;
            show(rollout);
            if (ExitCodeFor(rollout.Text("status"), _untilEnd) is { } exitCode)
            {
                return exitCode;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
