using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace BlueGreen.Proxy.Tests.Dashboard;

/// <summary>The dashboard open in a browser page, with every request the page made and every console error it logged.</summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public DashboardPage(IBrowserContext context, IPage page, Uri adminAddress)
    {
        _context = context;
        Page = page;
        AdminAddress = adminAddress;
        page.Request += (_, request) => Requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            // The browser logs the 404 that means "no rollout ever ran" as a failed load: the page expects it.
            if (message.Type == "error" &&
                !(message.Text.Contains("404", StringComparison.Ordinal) && message.Location.Contains("/api/v1/rollouts/current", StringComparison.Ordinal)))
            {
                ConsoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
    }

    public IPage Page { get; }

    public Uri AdminAddress { get; }

    /// <summary>Every URL the page requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentBag<string> ConsoleErrors { get; } = [];

    /// <summary>Fails with every console error the page logged (a CSP violation is one), if any.</summary>
    public void AssertNoConsoleErrors() =>
        Assert.True(ConsoleErrors.IsEmpty, "The page logged errors:\n" + string.Join("\n", ConsoleErrors));

    public ILocator this[string selector] => Page.Locator(selector);

    /// <summary>Loads <c>/</c> (no token needed) and returns the document's response.</summary>
    public async Task<IResponse> GotoAsync()
    {
        var response = await Page.GotoAsync(AdminAddress.ToString());
        Assert.NotNull(response);
        return response;
    }

    /// <summary>Loads the page and types <paramref name="token"/> into its login form.</summary>
    public async Task LoginAsync(string token)
    {
        await GotoAsync();
        await SubmitTokenAsync(token);
    }

    /// <summary>Types <paramref name="token"/> into the login form of the page already loaded.</summary>
    public async Task SubmitTokenAsync(string token)
    {
        await Page.Locator("#token").FillAsync(token);
        await Page.Locator("#login-button").ClickAsync();
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
