using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A real Kestrel backend on 127.0.0.1 (port 0) that names itself in every answer and offers the behaviours the
/// proxy tests need: status codes, delays, body digests, header echo, a gated chunked stream, a long download,
/// a connection reset before any answer, a body reader with no patience limit, and a WebSocket echo (<c>/ws</c>)
/// that names the backend first. It keeps the method and path of every request it receives,
/// and counts the mirrored copies (marked <c>X-BlueGreen-Mirror</c>).
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _requests = new();
    private int _inFlight;
    private int _served;
    private int _mirrored;

    private TestBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Address => _app.Urls.Single();

    /// <summary>When set, every request is answered with this status code (a backend gone bad).</summary>
    public int? FailWith { get; set; }

    /// <summary>The share of requests answered 500 (a canary a little bad), 0 to 1.</summary>
    public double ErrorRate { get; set; }

    /// <summary>How long every answer waits (a slow canary).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests being served right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests answered so far.</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>Every request received so far, as <c>METHOD /path</c>, health probes included.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Mirrored copies received so far (requests marked <c>X-BlueGreen-Mirror</c>).</summary>
    public int Mirrored => Volatile.Read(ref _mirrored);

    /// <summary>What <c>/digest</c> answered, in order: <c>length:SHA-256</c> of each body it read to the end.</summary>
    public ConcurrentQueue<string> Digests { get; } = new();

    /// <summary>Starts a backend on <paramref name="port"/> (0: any free port; a fixed one brings a stopped backend back).</summary>
    public static async Task<TestBackend> StartAsync(string name, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var backend = new TestBackend(name, app);
        backend.Map(app);
        await app.StartAsync();
        return backend;
    }

    /// <summary>Lets every request to <c>/stream</c> write its second chunk, and every one to <c>/partial</c> die.</summary>
    public void ReleaseStream() => _streamGate.TrySetResult();

    /// <summary>Stops as a backend does on SIGTERM: no new connections, in-flight requests finish, then it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        _streamGate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _inFlight);
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Headers.ContainsKey("X-BlueGreen-Mirror"))
            {
                Interlocked.Increment(ref _mirrored);
            }

            try
            {
                context.Response.Headers["X-Backend"] = Name;
                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, context.RequestAborted);
                }

                if (FailWith is { } status)
                {
                    context.Response.StatusCode = status;
                    return;
                }

                if (ErrorRate > 0 && Random.Shared.NextDouble() < ErrorRate)
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                }

                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref _served);
            }
        });
        app.MapGet("/status/{code:int}", (int code) => Results.Text(Name, statusCode: code));
        app.MapGet("/delay/{ms:int}", async (int ms, CancellationToken aborted) =>
        {
            await Task.Delay(ms, aborted);
            return Results.Text(Name);
        });
        app.MapPost("/digest", async (HttpRequest request) =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                length += read;
            }

            var digest = $"{length}:{Convert.ToHexString(sha.GetHashAndReset())}";
            Digests.Enqueue(digest);
            return Results.Text(digest);
        });
        app.MapPost("/patient", async (HttpContext context) =>
        {
            // Reads a body however slowly it comes, so that only the proxy's own limits can cut a slow client off.
            context.Features.Get<IHttpMinRequestBodyDataRateFeature>()!.MinDataRate = null;
            var length = 0L;
            var buffer = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                length += read;
            }

            return Results.Text($"{length}");
        });
        app.MapGet("/headers", (HttpRequest request) => Results.Json(new Dictionary<string, string>
        {
            ["x-forwarded-for"] = request.Headers["X-Forwarded-For"].ToString(),
            ["x-forwarded-proto"] = request.Headers["X-Forwarded-Proto"].ToString(),
            ["x-forwarded-host"] = request.Headers["X-Forwarded-Host"].ToString(),
            ["traceparent"] = request.Headers["traceparent"].ToString(),
            ["tracestate"] = request.Headers["tracestate"].ToString(),
        }));
        app.MapGet("/stream", async (HttpResponse response) =>
        {
            await response.WriteAsync("first;");
            await response.Body.FlushAsync();
            await _streamGate.Task;
            await response.WriteAsync("second;");
        });
        app.MapGet("/partial", async (HttpContext context) =>
        {
            // Some bytes reach the client; once the test has seen them (it releases the gate), the connection dies.
            await context.Response.WriteAsync("partial-");
            await context.Response.Body.FlushAsync();
            await _streamGate.Task;
            context.Abort();
        });
        app.MapGet("/download", async (HttpResponse response, CancellationToken aborted) =>
        {
            // A long download, a kilobyte at a time, for clients that hang up halfway.
            var chunk = new byte[1024];
            for (var i = 0; i < 1000; i++)
            {
                await response.Body.WriteAsync(chunk, aborted);
                await response.Body.FlushAsync(aborted);
                await Task.Delay(10, aborted);
            }
        });
        app.MapGet("/reset", (HttpContext context) => context.Abort());
        app.Map("/ws", EchoWebSocketAsync);
        app.Map("/{**path}", () => Results.Text(Name));
    }

    /// <summary>Says its name, then answers every text message <c>m</c> with <c>name:m</c> until the client closes.</summary>
    private async Task EchoWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var aborted = context.RequestAborted;
        await socket.SendAsync(Encoding.UTF8.GetBytes(Name), WebSocketMessageType.Text, endOfMessage: true, aborted);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, aborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                    return;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
                await socket.SendAsync(Encoding.UTF8.GetBytes($"{Name}:{text}"), WebSocketMessageType.Text, endOfMessage: true, aborted);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The proxy closed the connection (a drain timeout, a shutdown): nothing left to answer.
        }
    }
}
