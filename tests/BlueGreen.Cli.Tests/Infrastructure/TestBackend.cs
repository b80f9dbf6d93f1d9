using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>A real Kestrel backend on 127.0.0.1 (port 0) that names itself and can answer a share of its requests with 500.</summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Address => _app.Urls.Single();

    /// <summary>The share of requests answered 500 (a canary gone bad), 0 to 1.</summary>
    public double ErrorRate { get; set; }

    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var backend = new TestBackend(name, app);
        app.Map("/{**path}", (HttpContext context) =>
            backend.ErrorRate > 0 && Random.Shared.NextDouble() < backend.ErrorRate
                ? Results.Text(name, statusCode: StatusCodes.Status500InternalServerError)
                : Results.Text(name));
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
