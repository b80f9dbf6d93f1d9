using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package, installed by <c>.ci/run</c>) on 127.0.0.1, scraping every second a small
/// target of the test's own that exports the gauges the test sets. Started once per test class; stopped with it.
/// </summary>
public sealed class PrometheusServer : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, double> _gauges = new(StringComparer.Ordinal);
    private WebApplication? _target;
    private Process? _process;

    /// <summary>Prometheus's address, for <c>BlueGreen:Analysis:PrometheusUrl</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Sets a gauge the target exports (a full series, e.g. <c>checkout_error_ratio{pool="green"}</c>).</summary>
    public void Set(string series, double value)
    {
        lock (_gauges)
        {
            _gauges[series] = value;
        }
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _target = builder.Build();
        _target.MapGet("/metrics", () =>
        {
            var text = new StringBuilder();
            lock (_gauges)
            {
                foreach (var (series, value) in _gauges)
                {
                    text.Append(series).Append(' ').Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        await _target.StartAsync();

        var config = _directory.File("prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: target
                static_configs:
                  - targets: ["{new Uri(_target.Urls.Single()).Authority}"]
            """);
        var port = FreePort();
        Address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={_directory.File("data")}", $"--web.listen-address=127.0.0.1:{port}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("prometheus is not installed: apt-get install prometheus (.ci/run does it).", ex);
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri(Address) };
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    using var response = await client.GetAsync("/-/ready");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "Prometheus ready");
    }

    /// <summary>Waits until Prometheus has scraped the target (a query for <paramref name="series"/> has a value).</summary>
    public async Task WaitForScrapeAsync(string series)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Address) };
        await Eventually.HoldsAsync(
            async () => (await client.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(series)}")).Contains("\"value\"", StringComparison.Ordinal),
            $"Prometheus has scraped {series}",
            TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>A loopback port free now (the OS picks it; a tiny race with other processes is accepted in tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
