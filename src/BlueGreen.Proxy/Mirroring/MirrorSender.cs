using System.Net;
using System.Threading.Channels;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Mirroring;

/// <summary>
/// Sends mirrored requests and discards their answers, under the host's lifetime: a bounded queue read by
/// <see cref="MaxConcurrent"/> workers, so at most that many mirrors are in flight and <see cref="QueueCapacity"/>
/// wait. A request mirrored beyond that is dropped and counted, so a mirror pool that hangs costs a bounded number of
/// connections and buffered bodies and delays nothing else; each mirror gets <see cref="Timeout"/> to answer. A mirror
/// goes through its pool's YARP client, with the pool's TLS settings; that client has no connection limit, so mirrors
/// never hold back a proxied request. On shutdown the workers stop, mirrors in flight are cancelled and queued ones
/// dropped.
/// </summary>
internal sealed class MirrorSender : BackgroundService
{
    /// <summary>How many mirrors may be in flight at once.</summary>
    public const int MaxConcurrent = 32;

    /// <summary>How many mirrors may wait for a worker.</summary>
    public const int QueueCapacity = 32;

    /// <summary>How long a mirror may take, from sending to the end of its answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<MirroredRequest> _queue = Channel.CreateBounded<MirroredRequest>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ProxyMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MirrorSender> _logger;
    private int _pending;

    public MirrorSender(ProxyMetrics metrics, TimeProvider timeProvider, ILogger<MirrorSender> logger)
    {
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Mirrors queued or in flight.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Whether a mirror handed over now would likely be taken (a hint to skip reading a body for nothing).</summary>
    public bool HasRoom => Pending < MaxConcurrent + QueueCapacity;

    /// <summary>Queues a mirror; when the queue is full it is dropped (disposed and counted) and false returned.</summary>
    public bool TryEnqueue(MirroredRequest mirror)
    {
        Interlocked.Increment(ref _pending);
        if (_queue.Writer.TryWrite(mirror))
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        mirror.Request.Dispose();
        _metrics.RecordMirrorDropped(mirror.Pool);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, MaxConcurrent).Select(_ => WorkAsync(stoppingToken))).ConfigureAwait(false);
        }
        finally
        {
            // Nothing is sent after shutdown: what is still queued is dropped.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Request.Dispose();
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var mirror in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SendAsync(mirror, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    mirror.Request.Dispose();
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the mirror in flight was cancelled, and is not counted.
        }
    }

    private async Task SendAsync(MirroredRequest mirror, CancellationToken stoppingToken)
    {
        var started = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(Timeout, _timeProvider);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        string? error = null;
        try
        {
            using var response = await mirror.Client.SendAsync(mirror.Request, cancel.Token).ConfigureAwait(false);

            // Read to the end, so the answer's latency is measured as a proxied request's is and the connection is reused.
            await response.Content.CopyToAsync(Stream.Null, cancel.Token).ConfigureAwait(false);
            if (response.StatusCode >= HttpStatusCode.InternalServerError)
            {
                error = "status";
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = "timeout";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            error = "transport";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong stays with this mirror: a worker (and the host) must outlive it.
            Log.MirrorFailed(_logger, ex, mirror.Pool.Name());
            error = "transport";
        }

        _metrics.RecordMirror(mirror.Pool, _timeProvider.GetElapsedTime(started));
        if (error is not null)
        {
            _metrics.MirrorErrors.WithLabels(mirror.Pool.Name(), error).Inc();
        }
    }
}
