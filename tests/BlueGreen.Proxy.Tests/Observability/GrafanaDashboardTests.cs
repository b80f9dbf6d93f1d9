using System.Text.Json;
using System.Text.RegularExpressions;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Observability;

/// <summary>
/// The shipped Grafana dashboard read as a file, no proxy needed: its queries name only metrics the contract
/// lists (section Metrics), its panels have unique ids and do not overlap. That the proxy really exports every
/// name is <see cref="MetricsTests.GrafanaDashboard_EveryQuery_NamesAnExportedMetric"/>.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    /// <summary>The contract's metric names (section Metrics), and those the proxy exports beyond it.</summary>
    private static readonly HashSet<string> KnownMetrics = new(StringComparer.Ordinal)
    {
        "bluegreen_requests_total",
        "bluegreen_request_duration_seconds",
        "bluegreen_pool_weight_ratio",
        "bluegreen_destination_healthy",
        "bluegreen_destination_in_flight",
        "bluegreen_state_version",
        "bluegreen_switches_total",
        "bluegreen_rollout_step",
        "bluegreen_rollout_status",
        "bluegreen_rollout_analysis_error_ratio",
        "bluegreen_rollout_analysis_p99_seconds",
        "bluegreen_mirrored_requests_total",
        "bluegreen_state_store_up",

        // Beyond the contract, exported since the first dashboard.
        "bluegreen_failovers_total",
        "bluegreen_retries_total",
    };

    [Fact]
    public async Task Queries_EveryBlueGreenMetric_IsListedByTheContract()
    {
        using var dashboard = await GrafanaDashboard.LoadAsync();

        var named = GrafanaDashboard.Expressions(dashboard.RootElement)
            .SelectMany(q => BlueGreenMetricName().Matches(q).Select(m => m.Value))
            .Distinct()
            .ToList();

        Assert.Contains("bluegreen_rollout_status", named);
        Assert.All(named, name => Assert.True(
            KnownMetrics.Contains(name) || KnownMetrics.Contains(HistogramSuffix().Replace(name, "")),
            $"the dashboard queries {name}, which the contract does not list"));
    }

    [Fact]
    public async Task Queries_EveryMetricSelector_FiltersByTheJobAndInstanceVariables()
    {
        using var dashboard = await GrafanaDashboard.LoadAsync();

        var selectors = GrafanaDashboard.Expressions(dashboard.RootElement)
            .SelectMany(q => MetricSelector().Matches(q).Select(m => m.Value))
            .ToList();

        Assert.NotEmpty(selectors);
        Assert.All(selectors, selector => Assert.Contains("{job=\"$job\", instance=~\"$instance\"", selector, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RolloutRow_Panels_ShowStepStatusAnalysisAndTransitions()
    {
        using var dashboard = await GrafanaDashboard.LoadAsync();
        var topLevel = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        var row = topLevel.FindIndex(p => p.GetProperty("type").GetString() == "row" && p.GetProperty("title").GetString() == "Rollout");
        Assert.True(row >= 0, "no row titled Rollout");
        var panels = topLevel.Skip(row + 1).TakeWhile(p => p.GetProperty("type").GetString() != "row").ToList();
        var queries = panels.SelectMany(p => GrafanaDashboard.Expressions(p)).ToList();

        Assert.Contains(queries, q => q.Contains("bluegreen_rollout_step{", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("bluegreen_rollout_status{", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("bluegreen_rollout_analysis_error_ratio{", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("bluegreen_rollout_analysis_p99_seconds{", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("increase(bluegreen_switches_total{", StringComparison.Ordinal)
            && q.Contains("action=~\"rollout-.*\"", StringComparison.Ordinal));
        Assert.All(panels, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    [Fact]
    public async Task Panels_AcrossRowsAndCollapsedRows_HaveUniqueIds()
    {
        using var dashboard = await GrafanaDashboard.LoadAsync();

        var ids = AllPanels(dashboard.RootElement).Select(p => p.GetProperty("id").GetInt32()).ToList();

        Assert.True(ids.Count >= 20, $"only {ids.Count} panels found");
        Assert.Empty(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public async Task Panels_LaidOutTogether_DoNotOverlapAndFitTheGrid()
    {
        using var dashboard = await GrafanaDashboard.LoadAsync();
        var topLevel = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        // A collapsed row's panels are laid out only when it opens (Grafana then moves what follows down),
        // so they are checked among themselves, the top-level panels among themselves.
        var layouts = new List<List<JsonElement>> { topLevel };
        layouts.AddRange(topLevel
            .Where(p => p.TryGetProperty("collapsed", out var collapsed) && collapsed.GetBoolean())
            .Select(p => p.GetProperty("panels").EnumerateArray().ToList()));

        foreach (var layout in layouts)
        {
            var boxes = layout.Select(p => (Id: p.GetProperty("id").GetInt32(), Box: GridPos(p))).ToList();
            Assert.All(boxes, b => Assert.True(b.Box.X >= 0 && b.Box.W > 0 && b.Box.X + b.Box.W <= 24 && b.Box.Y >= 0 && b.Box.H > 0, $"panel {b.Id} is outside the 24-column grid"));
            for (var i = 0; i < boxes.Count; i++)
            {
                for (var j = i + 1; j < boxes.Count; j++)
                {
                    var (a, b) = (boxes[i].Box, boxes[j].Box);
                    var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                    Assert.False(overlap, $"panels {boxes[i].Id} and {boxes[j].Id} overlap");
                }
            }
        }
    }

    private static IEnumerable<JsonElement> AllPanels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().SelectMany(p =>
            p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p]);

    private static (int X, int Y, int W, int H) GridPos(JsonElement panel)
    {
        var grid = panel.GetProperty("gridPos");
        return (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
    }

    [GeneratedRegex(@"\bbluegreen_[a-zA-Z0-9_]+")]
    private static partial Regex BlueGreenMetricName();

    /// <summary>A metric name and what follows it up to the end of its selector, if any.</summary>
    [GeneratedRegex(@"\b(bluegreen|process|dotnet)_[a-zA-Z0-9_]+(\{[^}]*\})?")]
    private static partial Regex MetricSelector();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
