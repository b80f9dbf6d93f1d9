using Yarp.ReverseProxy.Configuration;

// Plain YARP, the baseline of benchmarks/load/run.sh: one catch-all route to one cluster with two destinations.
// Usage: PlainYarp <listen-url> <destination-1> <destination-2>
//    or: PLAINYARP_URL, PLAINYARP_DESTINATION1, PLAINYARP_DESTINATION2 in the environment.
var listen = Setting(args, 0, "PLAINYARP_URL");
var destination1 = Setting(args, 1, "PLAINYARP_DESTINATION1");
var destination2 = Setting(args, 2, "PLAINYARP_DESTINATION2");
if (listen is null || destination1 is null || destination2 is null)
{
    Console.Error.WriteLine("usage: PlainYarp <listen-url> <destination-1> <destination-2>");
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
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["d1"] = new() { Address = destination1 },
                ["d2"] = new() { Address = destination2 },
            },
        },
    ]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
return 0;

static string? Setting(string[] args, int index, string variable) =>
    args.Length > index ? args[index] : Environment.GetEnvironmentVariable(variable);
