using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Hosting;

/// <summary>
/// BlueGreen's own flags (<c>--demo</c>, <c>--config PATH</c>), taken out of the arguments before .NET reads the
/// rest as configuration, because its command-line source would read <c>--demo --X=y</c> as a key <c>demo</c>.
/// </summary>
/// <param name="Demo">Whether to start the in-process demo backends and point the pools at them.</param>
/// <param name="ConfigPath">The configuration file given with <c>--config</c>, if any.</param>
/// <param name="ConfigurationArguments">Everything else: <c>--Key=value</c> configuration overrides.</param>
public sealed record LaunchArguments(bool Demo, string? ConfigPath, IReadOnlyList<string> ConfigurationArguments)
{
    /// <summary>Splits <paramref name="args"/> into BlueGreen's flags and configuration overrides.</summary>
    /// <exception cref="InvalidConfigurationException"><c>--config</c> has no path.</exception>
    public static LaunchArguments Parse(IReadOnlyList<string> args)
    {
        var demo = false;
        string? configPath = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--demo")
            {
                demo = true;
            }
            else if (arg == "--config")
            {
                configPath = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
                RequirePath(configPath);
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                configPath = arg["--config=".Length..];
                RequirePath(configPath);
            }
            else
            {
                rest.Add(arg);
            }
        }

        return new LaunchArguments(demo, configPath, rest);
    }

    private static void RequirePath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidConfigurationException(["--config: give the path of a JSON configuration file, e.g. --config config/bluegreen.json."]);
        }
    }
}
