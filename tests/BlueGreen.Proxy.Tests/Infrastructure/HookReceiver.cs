using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 (port 0) standing in for webhook receivers: it records every call (path, headers,
/// body) and answers each path with the status and after the delay a test sets.
/// </summary>
internal sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, TimeSpan Delay, string Body)> _answers = new();

    private HookReceiver(WebApplication app)
    {
        _app = app;
    }

    public string Address => _app.Urls.Single();

    /// <summary>Every call so far, in arrival order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new HookReceiver(app);
        app.Run(receiver.AnswerAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>How <paramref name="path"/> answers from now on (200 with no delay until set).</summary>
    public void Answer(string path, int status, TimeSpan delay = default, string body = "") => _answers[path] = (status, delay, body);

    public IEnumerable<Call> CallsTo(string path) => Calls.Where(c => c.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "/";
        Calls.Enqueue(new Call(
            path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body));
        var (status, delay, answer) = _answers.GetValueOrDefault(path, (200, TimeSpan.Zero, ""));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(answer);
    }

    /// <summary>One recorded call.</summary>
    public sealed record Call(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
}
