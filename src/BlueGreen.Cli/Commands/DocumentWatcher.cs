using System.Text.Json;
using Spectre.Console;

namespace BlueGreen.Cli.Commands;

/// <summary>
/// Follows a document (GET about every 500 ms) until it says the watch ends: a live panel on a terminal, plain
/// lines per change otherwise (or the server's JSON per change with <c>--json</c>). The exit code is the document's.
/// </summary>
public sealed class DocumentWatcher
{
    /// <summary>How often the document is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly CommandContext _context;
    private readonly IWatchedDocument _watched;
    private readonly bool _untilEnd;

    /// <summary>Creates a watcher of <paramref name="watched"/>; <paramref name="untilEnd"/> waits through pauses.</summary>
    public DocumentWatcher(CommandContext context, IWatchedDocument watched, bool untilEnd)
    {
        _context = context;
        _watched = watched;
        _untilEnd = untilEnd;
    }

    /// <summary>Watches until the document ends (or pauses); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_context.OutputIsTerminal && !_context.Json)
        {
            var result = ExitCodes.Done;
            await _context.Console.Live(new Text($"reading the {_watched.Name}...")).StartAsync(async live =>
            {
                result = await PollAsync(document => live.UpdateTarget(_watched.Panel(document)), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return result;
        }

        string? lastKey = null;
        return await PollAsync(
            document =>
            {
                var key = _context.Json ? document.GetRawText() : _watched.ChangeKey(document);
                if (key == lastKey)
                {
                    return;
                }

                lastKey = key;
                _context.WriteLines(_context.Json ? [document.GetRawText()] : _watched.PlainLines(document));
                _context.Output.Flush();
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> PollAsync(Action<JsonElement> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await _context.Api.GetAsync(_watched.Path, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return _context.Refused(response);
            }

            var document = response.Document;
            show(document);
            if (_watched.ExitCodeFor(document, _untilEnd) is { } exitCode)
            {
                return exitCode;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
