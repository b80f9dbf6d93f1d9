using System.Globalization;
using System.Text.Json;
using BlueGreen.Proxy.Configuration;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>Runs PromQL instant queries (<c>/api/v1/query</c>) against <c>BlueGreen:Analysis:PrometheusUrl</c>.</summary>
internal sealed class PrometheusQueryClient
{
    /// <summary>How long one query may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;
    private readonly Uri? _endpoint;

    public PrometheusQueryClient(AnalysisHttpClient http, BlueGreenOptions options)
    {
        _http = http.Client;
        _endpoint = options.Analysis.PrometheusUrl.Length > 0 ? new Uri(new Uri(options.Analysis.PrometheusUrl.TrimEnd('/') + "/"), "api/v1/query") : null;
    }

    /// <summary>
    /// The query's one value, or why there is none: Prometheus unreachable or refusing the query, an empty result, or
    /// more than one series (aggregate it to one, e.g. with <c>sum(...)</c>).
    /// </summary>
    public async Task<(double? Value, string? Problem)> QueryAsync(string query, CancellationToken cancellationToken)
    {
        if (_endpoint is null)
        {
            return (null, "no Prometheus server is configured (BlueGreen:Analysis:PrometheusUrl)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var url = new Uri($"{_endpoint}?query={Uri.EscapeDataString(query)}");
            using var response = await _http.GetAsync(url, timeout.Token).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false), cancellationToken: timeout.Token)
                .ConfigureAwait(false);
            var root = json.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                return (null, $"Prometheus refused it: {(root.TryGetProperty("error", out var error) ? error.GetString() : (int)response.StatusCode)}");
            }

            var data = root.GetProperty("data");
            return data.GetProperty("resultType").GetString() switch
            {
                "scalar" => (Parse(data.GetProperty("result")), null),
                "vector" => data.GetProperty("result").GetArrayLength() switch
                {
                    0 => (null, "the result is empty"),
                    1 => (Parse(data.GetProperty("result")[0].GetProperty("value")), null),
                    var n => (null, $"the result has {n} series; aggregate it to one, e.g. with sum(...)"),
                },
                var other => (null, $"the result is a {other}, not a number"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"Prometheus did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, $"Prometheus could not be asked: {ex.Message}");
        }
    }

    // A sample is [timestamp, "value"]; Prometheus writes the value as a string, NaN and Inf included.
    private static double Parse(JsonElement sample) => double.Parse(sample[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
