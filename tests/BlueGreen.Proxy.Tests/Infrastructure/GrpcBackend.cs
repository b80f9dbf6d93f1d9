using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A real Kestrel gRPC backend on 127.0.0.1 (port 0) serving <see cref="EchoGrpc"/> over HTTP/2 only: over TLS with the
/// given certificate, or over cleartext (h2c, prior knowledge) without one. <c>GET /</c> answers the health probes.
/// </summary>
internal sealed class GrpcBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcBackend(WebApplication app, EchoService service)
    {
        _app = app;
        Service = service;
    }

    public EchoService Service { get; }

    public string Address => _app.Urls.Single();

    public static async Task<GrpcBackend> StartAsync(string name, X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var service = new EchoService(name);
        builder.Services.AddSingleton(service);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        app.MapGet("/", () => Results.Text(name));
        await app.StartAsync();
        return new GrpcBackend(app, service);
    }

    public async ValueTask DisposeAsync()
    {
        Service.ReleaseStream();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
