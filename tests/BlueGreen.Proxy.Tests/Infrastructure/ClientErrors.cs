using System.Globalization;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Reads <c>bluegreen_client_errors_total</c> from an admin plane's <c>/metrics</c>.</summary>
internal static class ClientErrors
{
    /// <summary>The count for <paramref name="reason"/>; fails when the series is missing.</summary>
    public static async Task<double> CountAsync(HttpClient admin, string reason)
    {
        var series = $"bluegreen_client_errors_total{{reason=\"{reason}\"}} ";
        var scrape = await admin.GetStringAsync("/metrics");
        var line = scrape.Split('\n').SingleOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        Assert.True(line is not null, $"no series {series.TrimEnd()} in:\n{scrape}");
        return double.Parse(line[series.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the count for <paramref name="reason"/> is <paramref name="expected"/> (Kestrel records a connection once it has ended).</summary>
    public static Task HoldsAsync(HttpClient admin, string reason, double expected) =>
        Eventually.HoldsAsync(async () => await CountAsync(admin, reason) == expected, $"bluegreen_client_errors_total{{reason=\"{reason}\"}} = {expected}", TimeSpan.FromSeconds(10));
}
