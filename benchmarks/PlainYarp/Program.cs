using Yarp.ReverseProxy.Configuration;

// Plain YARP, the baseline of benchmarks/load/run.sh: one catch-all route to one cluster of the given destinations.
// Usage: PlainYarp <listen-url> <destination> [<destination> ...]   (the load run's destinations curve gives many)
//    or: PLAINYARP_URL, PLAINYARP_DESTINATION1, PLAINYARP_DESTINATION2 in the environment.
var listen = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("PLAINYARP_URL");
string?[] destinations = args.Length > 1
    ? args[1..]
    : [Environment.GetEnvironmentVariable("PLAINYARP_DESTINATION1"), Environment.GetEnvironmentVariable("PLAINYARP_DESTINATION2")];
if (listen is null || destinations.Any(d => d is null))
{
    Console.Error.WriteLine("usage: PlainYarp <listen-url> <destination> [<destination> ...]");
    return 2;
}

// The arguments are ours, not configuration: the builder does not see them.
var builder = WebApplication.CreateBuilder();
builder.WebHost.UseUrls(listen);

// What the YARP project template's appsettings.json sets: no per-request logs.
builder.Logging.AddFilter("Yarp", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig
        {
            RouteId = "all",
            ClusterId = "backends",
            Match = new RouteMatch { Path = "{**catch-all}" },
        },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "backends",
            Destinations = destinations.Select((address, i) => (address, i))
                .ToDictionary(d => $"d{d.i + 1}", d => new DestinationConfig { Address = d.address! }),
        },
    ]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
return 0;
