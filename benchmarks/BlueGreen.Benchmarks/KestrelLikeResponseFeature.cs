using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The response side of a request as Kestrel keeps it, for a reused <see cref="DefaultHttpContext"/>: callbacks
/// registered with <c>OnStarting</c> and <c>OnCompleted</c> are kept in two stacks that live as long as the
/// context, run last-registered first when the response starts (<see cref="StartAsync"/>) and when it has
/// completed (<see cref="CompleteAsync"/>), and <see cref="Reset"/> clears everything before the next request,
/// as Kestrel's <c>HttpProtocol.Reset</c> does. The stacks keep their arrays, so from the second request on,
/// registering a callback allocates nothing, as in Kestrel.
/// </summary>
/// <remarks>
/// <see cref="DefaultHttpContext"/>'s own <c>HttpResponseFeature</c> drops both kinds of callback, so a step that
/// does its work in them would be measured doing nothing.
/// </remarks>
internal sealed class KestrelLikeResponseFeature : IHttpResponseFeature
{
    private readonly Stack<KeyValuePair<Func<object, Task>, object>> _onStarting = new();
    private readonly Stack<KeyValuePair<Func<object, Task>, object>> _onCompleted = new();

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = KestrelHeaders.CreateResponseHeaders();

    [Obsolete("Use IHttpResponseBodyFeature, as DefaultHttpContext does.")]
    public Stream Body { get; set; } = Stream.Null;

    public bool HasStarted { get; private set; }

    /// <summary>Callbacks registered with <c>OnStarting</c> and not yet run.</summary>
    public int PendingStarting => _onStarting.Count;

    /// <summary>Callbacks registered with <c>OnCompleted</c> and not yet run.</summary>
    public int PendingCompleted => _onCompleted.Count;

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (HasStarted)
        {
            // Kestrel refuses too: the headers these callbacks may change are already sent.
            throw new InvalidOperationException("OnStarting cannot be set because the response has already started.");
        }

        _onStarting.Push(new(callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push(new(callback, state));

    /// <summary>Runs the starting callbacks, then marks the response started, as Kestrel does before it writes the headers.</summary>
    public Task StartAsync()
    {
        while (_onStarting.TryPop(out var entry))
        {
            var running = entry.Key(entry.Value);
            if (!running.IsCompletedSuccessfully)
            {
                return StartAwaitedAsync(running);
            }
        }

        HasStarted = true;
        return Task.CompletedTask;
    }

    /// <summary>Runs the completed callbacks, as Kestrel does once the response has been sent.</summary>
    public Task CompleteAsync()
    {
        while (_onCompleted.TryPop(out var entry))
        {
            var running = entry.Key(entry.Value);
            if (!running.IsCompletedSuccessfully)
            {
                return CompleteAwaitedAsync(running);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Makes the response new for the next request on the same context, as Kestrel does.</summary>
    public void Reset()
    {
        _onStarting.Clear();
        _onCompleted.Clear();
        Headers.Clear();
        StatusCode = StatusCodes.Status200OK;
        ReasonPhrase = null;
        HasStarted = false;
    }

    // Slow paths, for a callback that does not finish synchronously (the proxy's never do).
    private async Task StartAwaitedAsync(Task running)
    {
        await running.ConfigureAwait(false);
        while (_onStarting.TryPop(out var entry))
        {
            await entry.Key(entry.Value).ConfigureAwait(false);
        }

        HasStarted = true;
    }

    private async Task CompleteAwaitedAsync(Task running)
    {
        await running.ConfigureAwait(false);
        while (_onCompleted.TryPop(out var entry))
        {
            await entry.Key(entry.Value).ConfigureAwait(false);
        }
    }
}
