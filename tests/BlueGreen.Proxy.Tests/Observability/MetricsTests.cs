using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Observability;

public sealed partial class MetricsTests : IAsyncLifetime
{
    private TwoPools _pools = null!;

    private ProxyUnderTest Proxy => _pools.Proxy;

    public async Task InitializeAsync()
    {
        _pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None");
    }

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Fact]
    public async Task Metrics_After300RequestsAt50To50_CountExactlyPerPoolAndCode()
    {
        await Proxy.SetWeightsAsync(50, 50);
        var expected = new Dictionary<(string Pool, string Code), int>();
        for (var i = 0; i < 300; i++)
        {
            var path = i % 10 == 0 ? "/status/500" : i % 15 == 0 ? "/status/404" : "/ok";
            using var response = await Proxy.Client.GetAsync(path);
            var key = (response.Headers.GetValues("X-BlueGreen-Pool").Single(), ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        var scrape = await ScrapeAsync();

        Assert.Contains(expected.Keys, k => k.Pool == "green" && k.Code == "500");
        Assert.Contains(expected.Keys, k => k.Pool == "blue" && k.Code == "500");
        foreach (var ((pool, code), count) in expected)
        {
            Assert.Equal(count, Sample(scrape, $"bluegreen_requests_total{{pool=\"{pool}\",code=\"{code}\"}}"));
        }

        Assert.Equal(300, SamplesOf(scrape, "bluegreen_requests_total").Sum(s => s.Value));
        foreach (var pool in new[] { "blue", "green" })
        {
            var perPool = expected.Where(e => e.Key.Pool == pool).Sum(e => e.Value);
            Assert.Equal(perPool, Sample(scrape, $"bluegreen_request_duration_seconds_count{{pool=\"{pool}\"}}"));
        }

        Assert.Equal(0.5, Sample(scrape, "bluegreen_pool_weight_ratio{pool=\"green\"}"));
        Assert.Equal(1, Sample(scrape, "bluegreen_state_version"));
        Assert.Equal(1, Sample(scrape, "bluegreen_switches_total{action=\"weights\"}"));
        Assert.Equal(0, Sample(scrape, "bluegreen_destination_in_flight{pool=\"blue\",destination=\"blue-1\"}"));
        Assert.Equal(1, Sample(scrape, "bluegreen_destination_healthy{pool=\"green\",destination=\"green-1\"}"));
    }

    [Fact]
    public async Task Metrics_AScrape_PassesPromtoolCheckMetrics()
    {
        await Proxy.SetWeightsAsync(50, 50);
        for (var i = 0; i < 20; i++)
        {
            using var response = await Proxy.Client.GetAsync(i % 2 == 0 ? "/" : "/status/503");
        }

        var (exitCode, output) = await Promtool.RunAsync(await ScrapeAsync(), "check", "metrics");

        Assert.True(exitCode == 0, output);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task Metrics_10000RequestsWithRandomPathsHeadersAndCookies_AddNoSeries()
    {
        // Both pools and the status code the random requests get are seen once first.
        await Proxy.GetPoolAsync("/", r => r.Headers.Add("X-BlueGreen-Pool", "green"));
        await Proxy.GetPoolAsync("/", r => r.Headers.Add("X-BlueGreen-Pool", "blue"));
        var before = SeriesOf(await ScrapeAsync());

        var random = new Random(7);
        var remaining = 10_000;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                string token;
                lock (random)
                {
                    token = Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()));
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, $"/{token}/{token[..4]}?q={token}");
                request.Headers.TryAddWithoutValidation("Cookie", $"bg-id={token}; bg-pool={token}; {token}=x");
                request.Headers.TryAddWithoutValidation("X-BlueGreen-Pool", token);
                request.Headers.TryAddWithoutValidation($"X-{token}", token);
                using var response = await Proxy.Client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
        await Task.WhenAll(workers);

        var after = SeriesOf(await ScrapeAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Metrics_WithoutToken_AreServedOnTheAdminPortOnly()
    {
        using var client = new HttpClient { BaseAddress = Proxy.AdminAddress };
        using var admin = await client.GetAsync("/metrics");
        using var data = await Proxy.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("bluegreen_requests_total", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("blue", await data.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GrafanaDashboard_EveryQuery_NamesAnExportedMetric()
    {
        using var dashboard = await GrafanaDashboard.LoadAsync();
        var exported = TypeLines().Matches(await ScrapeAsync()).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var queries = GrafanaDashboard.Expressions(dashboard.RootElement).ToList();
        var named = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).Distinct().ToList();

        Assert.True(queries.Count >= 10, $"only {queries.Count} queries found");
        Assert.Contains("bluegreen_requests_total", named);
        Assert.All(named, name => Assert.True(
            exported.Contains(name) || exported.Contains(HistogramSuffix().Replace(name, "")),
            $"the dashboard queries {name}, which the proxy does not export"));
    }

    private async Task<string> ScrapeAsync()
    {
        using var client = new HttpClient { BaseAddress = Proxy.AdminAddress };
        return await client.GetStringAsync("/metrics");
    }

    private static double Sample(string scrape, string series)
    {
        var match = SamplesOf(scrape, series.Split('{')[0]).Where(s => s.Series == series).ToList();
        Assert.True(match.Count == 1, $"series {series} not in scrape:\n{scrape}");
        return match[0].Value;
    }

    private static IEnumerable<(string Series, double Value)> SamplesOf(string scrape, string name) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => (line[..line.LastIndexOf(' ')], double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)));

    /// <summary>The names and labels of every series in a scrape, values left out.</summary>
    private static SortedSet<string> SeriesOf(string scrape) =>
        new(scrape.Split('\n').Where(line => line.Length > 0 && line[0] != '#').Select(line => SeriesName().Match(line).Value), StringComparer.Ordinal);

    [GeneratedRegex(@"^[^ ]+")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ", RegexOptions.Multiline)]
    private static partial Regex TypeLines();

    [GeneratedRegex(@"\b(bluegreen|process|dotnet)_[a-zA-Z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
