using System.Text.Json;
using BlueGreen.Core.State;

namespace BlueGreen.Proxy.State;

/// <summary>
/// Keeps the state and its history in one JSON file. Every commit writes a temporary file beside it, flushes it
/// to disk, renames it over the old one and flushes the folder, so a crash mid-write leaves the old file or the
/// new, never a torn one, and a power loss after a commit was acknowledged does not bring the old one back.
/// One process owns the file; several proxies that must agree share a Redis store instead.
/// </summary>
internal sealed class FileStateStore : IStateStore
{
    /// <summary>How many audit events the file keeps.</summary>
    public const int HistoryLimit = 1000;

    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private StoredStateDocument? _document;

    public FileStateStore(string path)
    {
        _path = Path.GetFullPath(path);
    }

    public string Description => $"file {_path}";

    public async Task<StoredState?> LoadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await ReadAsync(cancellationToken).ConfigureAwait(false);
            return document?.ToStoredState();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<bool> TryCommitAsync(StoredState next, AuditEvent audit, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if ((current?.Version ?? 0) != next.Version - 1)
            {
                return false;
            }

            var history = current?.History ?? [];
            var updated = StoredStateDocument.Of(next, [.. history.Skip(Math.Max(0, history.Count + 1 - HistoryLimit)), StoredAuditEvent.Of(audit)]);

            await WriteAtomicallyAsync(updated, cancellationToken).ConfigureAwait(false);
            _document = updated;
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<bool> TrySeedAsync(StoredState state, AuditEvent audit, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await ReadAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            var document = StoredStateDocument.Of(state, [StoredAuditEvent.Of(audit)]);
            await WriteAtomicallyAsync(document, cancellationToken).ConfigureAwait(false);
            _document = document;
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadHistoryAsync(int limit, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await ReadAsync(cancellationToken).ConfigureAwait(false);
            return document is null
                ? []
                : document.History.AsEnumerable().Reverse().Take(limit).Select(e => e.ToAuditEvent()).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<StoredStateDocument?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_document is not null)
        {
            return _document;
        }

        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(_path);
            var document = await JsonSerializer.DeserializeAsync(stream, StoredStateJsonContext.Indented.StoredStateDocument, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the file holds null");
            _ = document.ToStoredState();
            _document = document;
            return document;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or FormatException)
        {
            // A state file that cannot be read is never silently replaced: that could move traffic.
            throw new StateStoreUnavailableException($"State file {_path} cannot be read: {ex.Message}", ex);
        }
    }

    private async Task WriteAtomicallyAsync(StoredStateDocument document, CancellationToken cancellationToken)
    {
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, document, StoredStateJsonContext.Indented.StoredStateDocument, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);

            // What is on disk now, whatever the flush below says: the next commit must build on it, not overwrite it.
            _document = document;

            // The rename lives in the folder's entry: until the folder is on disk, a power loss may undo it.
            DirectorySync.Flush(Path.GetDirectoryName(_path)!);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever failed (disk, permissions, serialization), the answer is the same: nothing was committed.
            TryDelete(temporary);
            throw new StateStoreUnavailableException($"State file {_path} cannot be written: {ex.Message}", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file is harmless, the real file is untouched.
        }
    }
}
