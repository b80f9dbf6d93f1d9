using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Demo;

/// <summary>
/// The two backends of <c>--demo</c>, in-process: blue on 127.0.0.1:5001 and green on 127.0.0.1:5002. Each
/// answers every path with its pool's name, except <c>/status/{code}</c> and <c>/delay/{ms}</c>, so failures and
/// slow canaries can be shown without setting anything up. <c>BlueGreen:Demo:GreenErrorRate</c> and
/// <c>:GreenDelayMs</c> make green answer a share of its requests with 500, or slowly, for a rollout to roll back.
/// </summary>
internal sealed class DemoBackends : IAsyncDisposable
{
    /// <summary>The blue demo backend's address.</summary>
    public const string BlueAddress = "http://127.0.0.1:5001";

    /// <summary>The green demo backend's address.</summary>
    public const string GreenAddress = "http://127.0.0.1:5002";

    private const int BluePort = 5001;
    private const int MaxDelayMilliseconds = 600_000;

    private readonly WebApplication _app;

    public DemoBackends(DemoOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(BlueAddress, GreenAddress);
        _app = builder.Build();
        if (options.GreenErrorRate > 0 || options.GreenDelayMs > 0)
        {
            _app.Use(async (context, next) =>
            {
                if (context.Connection.LocalPort == BluePort)
                {
                    await next(context).ConfigureAwait(false);
                    return;
                }

                await Task.Delay(options.GreenDelayMs, context.RequestAborted).ConfigureAwait(false);
                if (Random.Shared.NextDouble() < options.GreenErrorRate)
                {
                    await Answer(context, StatusCodes.Status500InternalServerError).ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            });
        }

        // A JSON string as Results.BadRequest would write it, from generated metadata: the app's own JSON options have none under Native AOT.
        _app.MapGet("/status/{code:int}", (HttpContext context, int code) =>
            code is >= 200 and <= 599
                ? Answer(context, code)
                : Results.Json("status codes are 200 to 599", DemoJsonContext.Default.String, statusCode: StatusCodes.Status400BadRequest));
        _app.MapGet("/delay/{ms:int}", async (HttpContext context, int ms) =>
        {
            await Task.Delay(Math.Clamp(ms, 0, MaxDelayMilliseconds), context.RequestAborted).ConfigureAwait(false);
            return Answer(context, StatusCodes.Status200OK);
        });
        _app.Map("/{**path}", (HttpContext context) => Answer(context, StatusCodes.Status200OK));
    }

    /// <summary>The destinations the demo points the pools at: <c>blue-1</c> and <c>green-1</c>.</summary>
    public static IReadOnlyDictionary<Pool, (string Id, string Address)> Destinations { get; } = new Dictionary<Pool, (string, string)>
    {
        [Pool.Blue] = ("blue-1", BlueAddress),
        [Pool.Green] = ("green-1", GreenAddress),
    };

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static IResult Answer(HttpContext context, int statusCode)
    {
        var pool = context.Connection.LocalPort == BluePort ? PoolNames.Blue : PoolNames.Green;
        return Results.Json(new DemoAnswer(pool, context.Request.Path.Value ?? "/"), DemoJsonContext.Default.DemoAnswer, statusCode: statusCode);
    }
}
