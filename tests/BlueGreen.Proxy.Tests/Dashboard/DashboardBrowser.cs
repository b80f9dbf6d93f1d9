using Microsoft.Playwright;

namespace BlueGreen.Proxy.Tests.Dashboard;

/// <summary>
/// One headless Debian chromium per test class, driven by Playwright (no browser download: the system's binary);
/// each test opens its own context and page, so no token or session storage leaks from one test to the next.
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Polling runs once a second and the proxy shares two cores with other test classes: generous waits.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A fresh context (its own session storage) and page, 1280x800, recording what the page does.</summary>
    internal async Task<DashboardPage> OpenAsync(Uri adminAddress)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        return new DashboardPage(context, page, adminAddress);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
