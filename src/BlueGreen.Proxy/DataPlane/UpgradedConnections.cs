using System.Collections.Concurrent;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// The upgraded connections (WebSockets) open through the proxy, per destination, and when those of a destination
/// taken out of rotation are closed. A WebSocket counts as in flight on its destination for its whole life (YARP's
/// forwarder holds the request until the tunnel ends), so a drain would wait for it forever; at
/// <c>BlueGreen:Drain:Timeout</c> it is closed instead. Only upgrade requests are registered, so ordinary requests
/// pay nothing for this.
/// </summary>
internal sealed class UpgradedConnections
{
    private readonly ConcurrentDictionary<(Pool Pool, string Id), ConcurrentDictionary<HttpContext, byte>> _open = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<(Pool Pool, string Id), DateTimeOffset> _closeAt = [];
    private readonly SemaphoreSlim _scheduled = new(0);

    public UpgradedConnections(BlueGreenOptions options)
    {
        Timeout = options.Drain.Timeout;
    }

    /// <summary>How long a destination out of rotation keeps its upgraded connections.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Registers an upgraded request forwarded to the destination, until the returned registration is disposed.</summary>
    public Registration Open(Pool pool, string id, HttpContext context)
    {
        var open = _open.GetOrAdd((pool, id), static _ => new ConcurrentDictionary<HttpContext, byte>());
        open.TryAdd(context, 0);
        return new Registration(open, context);
    }

    /// <summary>The upgraded connections open on the destination now.</summary>
    public int Count(Pool pool, string id) => _open.TryGetValue((pool, id), out var open) ? open.Count : 0;

    /// <summary>Closes (aborts) every upgraded connection open on the destination; returns how many.</summary>
    public int CloseAll(Pool pool, string id)
    {
        if (!_open.TryGetValue((pool, id), out var open))
        {
            return 0;
        }

        var closed = 0;
        foreach (var context in open.Keys)
        {
            // Aborting the client's side ends YARP's tunnel, which then closes the destination's side too.
            context.Abort();
            closed++;
        }

        return closed;
    }

    /// <summary>The destination left rotation (drained or disabled) at <paramref name="since"/>: its connections close at the drain timeout.</summary>
    public void LeftRotation(Pool pool, string id, DateTimeOffset since)
    {
        lock (_lock)
        {
            _closeAt[(pool, id)] = since + Timeout;
        }

        _scheduled.Release();
    }

    /// <summary>The destination is back in rotation, or deleted (its departure's timeout then closes them): no close is due.</summary>
    public void CancelClose(Pool pool, string id)
    {
        lock (_lock)
        {
            _closeAt.Remove((pool, id));
        }
    }

    /// <summary>Completes when a destination leaves rotation (at once when one did since the last call).</summary>
    public Task WaitForScheduledAsync(CancellationToken cancellationToken) => _scheduled.WaitAsync(cancellationToken);

    /// <summary>Takes the destinations whose close is due at <paramref name="now"/>; <paramref name="pending"/> tells how many are still to come.</summary>
    public IReadOnlyList<(Pool Pool, string Id)> TakeDue(DateTimeOffset now, out int pending)
    {
        lock (_lock)
        {
            var due = _closeAt.Where(c => c.Value <= now).Select(c => c.Key).ToList();
            foreach (var key in due)
            {
                _closeAt.Remove(key);
            }

            pending = _closeAt.Count;
            return due;
        }
    }

    /// <summary>One upgraded request's registration; disposing it (when the tunnel ends) forgets it.</summary>
    public readonly struct Registration : IDisposable
    {
        private readonly ConcurrentDictionary<HttpContext, byte> _open;
        private readonly HttpContext _context;

        public Registration(ConcurrentDictionary<HttpContext, byte> open, HttpContext context)
        {
            _open = open;
            _context = context;
        }

        public void Dispose() => _open.TryRemove(_context, out _);
    }
}
