using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Observability;

/// <summary>The shipped Prometheus configuration, checked by Prometheus's own promtool.</summary>
public sealed class PrometheusConfigTests
{
    [Fact]
    public async Task AlertRules_PassPromtoolCheckRules()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "check", "rules", RepositoryFiles.PathOf("config/prometheus/alerts.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_PassTheirPromtoolUnitTests()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "test", "rules", RepositoryFiles.PathOf("config/prometheus/alerts.test.yml"));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task ScrapeConfig_PassesPromtoolCheckConfig()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "check", "config", RepositoryFiles.PathOf("config/prometheus/prometheus.yml"));

        Assert.True(exitCode == 0, output);
    }
}
