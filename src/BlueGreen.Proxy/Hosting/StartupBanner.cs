using BlueGreen.Core.State;
using BlueGreen.Proxy.Demo;

namespace BlueGreen.Proxy.Hosting;

/// <summary>What start-up prints: both addresses, the config file, the state store and how to get the admin token.</summary>
internal static class StartupBanner
{
    public static void Write(TextWriter output, BlueGreenApplication app)
    {
        output.WriteLine("BlueGreen is running.");
        output.WriteLine($"  data plane:  {string.Join(", ", app.ProxyUrls)}");
        output.WriteLine($"  admin plane: {string.Join(", ", app.AdminUrls)}");
        output.WriteLine($"  config file: {app.ConfigFile ?? "none (no --config given: environment and command line only)"}");
        output.WriteLine($"  state store: {app.Services.GetRequiredService<IStateStore>().Description}");
        output.WriteLine($"  admin token: {TokenLine(app)}");
        if (app.Launch.Demo)
        {
            output.WriteLine($"  demo:        blue backend {DemoBackends.BlueAddress}, green backend {DemoBackends.GreenAddress}");
        }

        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }

    private static string TokenLine(BlueGreenApplication app) =>
        app.GeneratedTokenFile is { } file
            ? $"generated on the first start, kept in {file} (mode 0600) for later starts: TOKEN=$(cat {Path.GetRelativePath(Directory.GetCurrentDirectory(), file)})"
            : "from configuration (BlueGreen:Admin:Token)";
}
