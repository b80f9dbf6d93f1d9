using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>Rollout queries against a real Prometheus scraping a real target.</summary>
public sealed class RolloutQueryTests : IClassFixture<PrometheusServer>
{
    private const string Bad = "checkout_error_ratio{pool=\"green\"}";
    private const string Good = "payment_error_ratio{pool=\"green\"}";

    private readonly PrometheusServer _prometheus;

    public RolloutQueryTests(PrometheusServer prometheus)
    {
        _prometheus = prometheus;
        _prometheus.Set(Bad, 0.5);
        _prometheus.Set(Good, 0.002);
    }

    [Fact]
    public async Task Query_AboveItsMax_FailsTheStep()
    {
        await _prometheus.WaitForScrapeAsync(Bad);
        await using var pools = await TwoPools.StartAsync(Args(_prometheus.Address));
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout("max(checkout_error_ratio{pool=\"{{canary}}\"})"));
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Contains("query business-errors = 0.5 is above its max 0.01", ended.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_WithinItsMax_LetsTheStepsPass()
    {
        await _prometheus.WaitForScrapeAsync(Good);
        await using var pools = await TwoPools.StartAsync(Args(_prometheus.Address));
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout("max(payment_error_ratio{pool=\"{{pool}}\"})"));
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("promoted");

        Assert.Equal("pass", ended.Verdict());
    }

    [Fact]
    public async Task PrometheusDown_TheStepWaitsThenFailsAfterThreeTriesSayingWhy()
    {
        await using var pools = await TwoPools.StartAsync(Args($"http://127.0.0.1:{PrometheusServer.FreePort()}"));
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout("max(checkout_error_ratio)"));
        var waiting = await pools.Proxy.Admin.WaitForRolloutAsync(r => r.Verdict() == "waiting" && r.Detail().Contains("try 1 of 3", StringComparison.Ordinal), "a first try without an answer");
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Contains("Prometheus could not be asked", waiting.Detail(), StringComparison.Ordinal);
        Assert.Contains("Prometheus could not be asked", ended.Detail(), StringComparison.Ordinal);
        Assert.Contains("3 tries in a row", ended.Detail(), StringComparison.Ordinal);
    }

    private static string[] Args(string prometheus) =>
        ["--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false", $"--BlueGreen:Analysis:PrometheusUrl={prometheus}"];

    private static object Rollout(string query) => new
    {
        to = "green",
        steps = new[] { 10, 100 },
        stepInterval = "00:00:01",
        analysis = new { minRequests = 5, sequential = false, queries = new[] { new { name = "business-errors", query, max = 0.01 } } },
    };
}
