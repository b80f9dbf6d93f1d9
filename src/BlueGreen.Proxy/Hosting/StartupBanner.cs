using BlueGreen.Core.State;
using BlueGreen.Proxy.Demo;

namespace BlueGreen.Proxy.Hosting;

/// <summary>What start-up prints: both addresses, the config file, the state store and how to get the admin token.</summary>
internal static class StartupBanner
{
    public static void Write(TextWriter output, BlueGreenApplication app)
    {
        var banner = new StringWriter();
        banner.WriteLine("BlueGreen is running.");
        banner.WriteLine($"  data plane:  {string.Join(", ", app.ProxyUrls)}");
        banner.WriteLine($"  admin plane: {string.Join(", ", app.AdminUrls)}");
        banner.WriteLine($"  config file: {app.ConfigFile ?? "none (no --config given: environment and command line only)"}");
        banner.WriteLine($"  state store: {app.Services.GetRequiredService<IStateStore>().Description}");
        banner.WriteLine($"  admin token: {TokenLine(app)}");
        banner.WriteLine($"  connections: {app.Connections.Describe()}");
        if (app.Launch.Demo)
        {
            banner.WriteLine($"  demo:        blue backend {DemoBackends.BlueAddress}, green backend {DemoBackends.GreenAddress}");
        }

        banner.WriteLine("Press Ctrl+C to stop.");

        // One write: the console logger writes from its own thread, and a log line must not split the banner.
        output.Write(banner.ToString());
        output.Flush();
    }

    private static string TokenLine(BlueGreenApplication app) =>
        app.GeneratedTokenFile is { } file
            ? (app.TokenGeneratedNow ? "generated now, kept in" : "reused from") +
              $" {file} (mode 0600; generated on the first start, reused by later ones): TOKEN=$(cat {Path.GetRelativePath(Directory.GetCurrentDirectory(), file)})"
            : "from configuration (BlueGreen:Admin:Token)";
}
