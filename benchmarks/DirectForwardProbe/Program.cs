using System.Net;
using Yarp.ReverseProxy.Forwarder;

// The ceiling probe of issue 15 (benchmarks/README.md, "Throughput levers measured"): what a YARP-based proxy costs when
// nothing runs around YARP's forwarder. One terminal delegate draws blue or green 95/5, names the pool in
// X-BlueGreen-Pool and calls IHttpForwarder directly: no endpoint routing, no YARP pipeline (load balancing, health,
// affinity), no transforms, no metrics, no admin plane; inline socket completions, as BlueGreen ships them.
// It reads the arguments the load run gives BlueGreen (BLUEGREEN_F_DLL=.../DirectForwardProbe.dll) and ignores the rest.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
var builder = WebApplication.CreateSlimBuilder(args);
var listen = builder.Configuration["BlueGreen:Listen:Proxy"];
var blue = builder.Configuration["BlueGreen:Pools:blue:Destinations:b1"];
var green = builder.Configuration["BlueGreen:Pools:green:Destinations:g1"];
if (listen is null || blue is null || green is null)
{
    Console.Error.WriteLine("usage: DirectForwardProbe --BlueGreen:Listen:Proxy=URL --BlueGreen:Pools:blue:Destinations:b1=URL --BlueGreen:Pools:green:Destinations:g1=URL");
    return 2;
}

builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.WebHost.UseUrls(listen);
builder.Services.AddHttpForwarder();
var app = builder.Build();

// The handler settings YARP's own client factory uses for a cluster.
var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ConnectTimeout = TimeSpan.FromSeconds(15),
});
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) };
app.Run(Forward);
app.Run();
return 0;

// A failed forward has its 502 written by the forwarder already; the probe has nothing to add to it.
Task Forward(HttpContext context)
{
    var toGreen = Random.Shared.Next(100) < 5;
    context.Response.Headers["X-BlueGreen-Pool"] = toGreen ? "green" : "blue";
    return forwarder.SendAsync(context, toGreen ? green : blue, client, config, HttpTransformer.Default).AsTask();
}
