using System.Net;
using System.Net.Http.Json;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Proxy.Tests.Dashboard;

/// <summary>The dashboard in a real (headless) chromium against a whole proxy: what it shows, what its controls change.</summary>
public sealed class DashboardPageTests : IClassFixture<DashboardBrowser>
{
    private const string MarkupReason = "<img src=x onerror=\"document.title='pwned'\">";

    private readonly DashboardBrowser _browser;

    public DashboardPageTests(DashboardBrowser browser)
    {
        _browser = browser;
    }

    [Fact]
    public async Task Login_WithTheOperatorToken_ShowsBothPoolsWithTheirDestinations()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);

        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);

        await Expect(dashboard["#who"]).ToHaveTextAsync("signed in as operator");
        await Expect(dashboard["#destinations-blue tr[data-destination='blue-1']"]).ToContainTextAsync(pools.Blue.Address.ToString().TrimEnd('/'));
        await Expect(dashboard["#destinations-green tr[data-destination='green-1']"]).ToContainTextAsync("active");
        await Expect(dashboard["#bar-blue-label"]).ToHaveTextAsync("blue 100 %");
        await Expect(dashboard["#stable"]).ToHaveTextAsync("stable: blue");
        Assert.Equal("token", await dashboard.Page.EvaluateAsync<string>(
            "() => sessionStorage.getItem('bluegreen.adminToken') === 'test-operator-token' ? 'token' : 'none'"));
        Assert.Empty(await dashboard.Page.Context.CookiesAsync());
        Assert.DoesNotContain(dashboard.Requests, url => url.Contains(ProxyUnderTest.OperatorToken, StringComparison.Ordinal));
        dashboard.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task SetWeights_WithTheExactInput_ChangesTheProxysSplit()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#bar-blue-label"]).ToHaveTextAsync("blue 100 %");

        await dashboard["#weight-green"].FillAsync("5");
        await Expect(dashboard["#weight-blue"]).ToHaveValueAsync("95");
        await dashboard["#weights-reason"].FillAsync("canary from the page");
        await dashboard["#weights-apply"].ClickAsync();

        await Expect(dashboard["#bar-green-label"]).ToHaveTextAsync("green 5 %");
        var weights = (await pools.Proxy.GetStateAsync()).GetProperty("weights");
        Assert.Equal(95m, weights.GetProperty("blue").GetDecimal());
        Assert.Equal(5m, weights.GetProperty("green").GetDecimal());
        await Expect(dashboard["#history tr"].First).ToContainTextAsync("canary from the page");
    }

    [Fact]
    public async Task SetWeights_WithTheSlider_ChangesTheProxysSplit()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#bar-blue-label"]).ToHaveTextAsync("blue 100 %");

        await dashboard["#weight-slider"].FillAsync("30");
        await dashboard["#weights-apply"].ClickAsync();

        await Expect(dashboard["#bar-green-label"]).ToHaveTextAsync("green 30 %");
        var weights = (await pools.Proxy.GetStateAsync()).GetProperty("weights");
        Assert.Equal(70m, weights.GetProperty("blue").GetDecimal());
        Assert.Equal(30m, weights.GetProperty("green").GetDecimal());
    }

    [Fact]
    public async Task Switch_ThroughTheConfirmationNamingTheTarget_MovesAllTrafficToGreen()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#stable"]).ToHaveTextAsync("stable: blue");

        await dashboard["#switch-green"].ClickAsync();
        await Expect(dashboard["#confirm"]).ToBeVisibleAsync();
        await Expect(dashboard["#confirm-text"]).ToContainTextAsync("Switch all traffic to green?");
        Assert.Equal("blue", (await pools.Proxy.GetStateAsync()).GetProperty("stable").GetString());
        await dashboard["#confirm-reason"].FillAsync("release v2");
        await dashboard["#confirm-ok"].ClickAsync();

        await Expect(dashboard["#stable"]).ToHaveTextAsync("stable: green");
        var state = await pools.Proxy.GetStateAsync();
        Assert.Equal("green", state.GetProperty("stable").GetString());
        Assert.Equal(100m, state.GetProperty("weights").GetProperty("green").GetDecimal());
        await Expect(dashboard["#history tr"].First).ToContainTextAsync("release v2");
    }

    [Fact]
    public async Task Switch_CancelledInTheConfirmation_ChangesNothing()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#stable"]).ToHaveTextAsync("stable: blue");
        var version = await pools.Proxy.GetVersionAsync();

        await dashboard["#switch-green"].ClickAsync();
        await dashboard["#confirm-cancel"].ClickAsync();

        await Expect(dashboard["#confirm"]).ToBeHiddenAsync();
        Assert.Equal(version, await pools.Proxy.GetVersionAsync());
    }

    [Fact]
    public async Task Rollout_StartedThroughTheApiWithTraffic_ShowsItsStepsUntilPromoted()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#rollout-none"]).ToBeVisibleAsync();
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(new { to = "green", steps = new[] { 10, 50, 100 }, stepInterval = "00:00:02", analysis = new { sequential = false }, reason = "release v3" });

        await Expect(dashboard["#rollout-step"]).ToHaveTextAsync("step 1 of 3");
        await Expect(dashboard["#rollout-step"]).ToHaveTextAsync("step 2 of 3");
        await Expect(dashboard["#rollout-status"]).ToHaveTextAsync("progressing");
        await Expect(dashboard["#rollout-figures tr"]).ToHaveCountAsync(2);
        await Expect(dashboard["#bar-green-label"]).ToHaveTextAsync("green 50 %");
        // Once the page shows the canary's figures in step 2, the charts have had a few seconds of traffic too: the
        // picture the README shows.
        await Eventually.HoldsAsync(
            () => dashboard.Page.EvaluateAsync<bool>(
                """
                () => document.getElementById('rollout-status').textContent !== 'progressing'
                  || Number(document.querySelectorAll('#rollout-figures tr')[1]?.children[1]?.textContent) > 0
                """),
            "the canary's figures in step 2");
        await dashboard.Page.ScreenshotAsync(new() { Path = RepositoryFiles.PathOf("docs/dashboard.png") });

        await Expect(dashboard["#rollout-status"]).ToHaveTextAsync("promoted");
        await Expect(dashboard["#rollout-verdict"]).ToHaveTextAsync("pass");
        await Expect(dashboard["#stable"]).ToHaveTextAsync("stable: green");
        Assert.Equal("promoted", (await pools.Proxy.Admin.CurrentRolloutAsync()).Status());
        dashboard.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task RolloutControls_StartPauseResumePromote_DriveTheRollout()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#rollout-to"]).ToHaveValueAsync("green");

        await dashboard["#rollout-steps-input"].FillAsync("20, 100");
        await dashboard["#rollout-interval"].FillAsync("600");
        await dashboard["#rollout-reason-input"].FillAsync("from the page");
        await dashboard["#rollout-start"].ClickAsync();

        await Expect(dashboard["#rollout-status"]).ToHaveTextAsync("progressing");
        var rollout = await pools.Proxy.Admin.CurrentRolloutAsync();
        Assert.Equal("green", rollout.GetProperty("to").GetString());
        Assert.Equal("00:10:00", rollout.GetProperty("stepInterval").GetString());
        Assert.Equal("from the page", rollout.GetProperty("reason").GetString());

        await dashboard["#rollout-pause"].ClickAsync();
        await Expect(dashboard["#rollout-status"]).ToHaveTextAsync("paused");
        await dashboard["#rollout-resume"].ClickAsync();
        await Expect(dashboard["#rollout-status"]).ToHaveTextAsync("progressing");
        await dashboard["#rollout-promote"].ClickAsync();

        await Expect(dashboard["#rollout-status"]).ToHaveTextAsync("promoted");
        Assert.Equal("promoted", (await pools.Proxy.Admin.CurrentRolloutAsync()).Status());
    }

    [Fact]
    public async Task RolloutControls_WhenTheApiRefuses_ShowItsProblem()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        await Expect(dashboard["#rollout-none"]).ToBeVisibleAsync();

        await dashboard["#rollout-pause"].ClickAsync();

        await Expect(dashboard["#error"]).ToContainTextAsync("409");
    }

    [Fact]
    public async Task Charts_WithTraffic_DrawRequestsPerSecondFromTheMetrics()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await using var traffic = Traffic.Start(pools.Proxy.Client, clients: 2);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);

        // A blue line is drawn once two scrapes apart have seen requests: some pixel of the chart has blue's colour.
        await Eventually.HoldsAsync(
            () => dashboard.Page.EvaluateAsync<bool>(
                """
                () => {
                  const canvas = document.getElementById('chart-rps');
                  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  for (let i = 0; i < data.length; i += 4) {
                    if (data[i] === 0x2b && data[i + 1] === 0x6c && data[i + 2] === 0xb0) return true;
                  }
                  return false;
                }
                """),
            "a blue line in the requests/s chart");
    }

    [Fact]
    public async Task Drain_FromThePage_PutsTheDestinationInDrainingMode()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);
        var row = dashboard["#destinations-green tr[data-destination='green-1']"];

        await row.GetByRole(AriaRole.Button, new() { Name = "Drain" }).ClickAsync();

        await Expect(row).ToContainTextAsync("draining");
        var destination = (await pools.Proxy.GetStateAsync()).GetProperty("pools").GetProperty("green").GetProperty("destinations")[0];
        Assert.Equal("draining", destination.GetProperty("mode").GetString());

        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();

        await Expect(row).ToContainTextAsync("active");
    }

    [Fact]
    public async Task Login_WithAWrongToken_ShowsAnErrorAndKeepsNoToken()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);

        await dashboard.LoginAsync("not-the-token");

        await Expect(dashboard["#error"]).ToBeVisibleAsync();
        await Expect(dashboard["#error"]).ToContainTextAsync("401");
        await Expect(dashboard["#dashboard"]).ToBeHiddenAsync();
        Assert.Null(await dashboard.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('bluegreen.adminToken')"));
    }

    [Fact]
    public async Task Page_WhileLoggedInAndPolling_RequestsOnlyTheAdminOrigin()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.LoginAsync(ProxyUnderTest.OperatorToken);

        await Expect(dashboard["#history tr"]).ToHaveCountAsync(0);
        await Eventually.HoldsAsync(() => dashboard.Requests.Count(url => url.Contains("/metrics", StringComparison.Ordinal)) >= 3, "three polls");

        var origin = pools.Proxy.AdminAddress.GetLeftPart(UriPartial.Authority);
        Assert.All(dashboard.Requests, url => Assert.StartsWith(origin + "/", url, StringComparison.Ordinal));
        Assert.Contains(dashboard.Requests, url => url.EndsWith("/dashboard.js", StringComparison.Ordinal));
        Assert.Contains(dashboard.Requests, url => url.EndsWith("/api/v1/state", StringComparison.Ordinal));
    }

    [Fact]
    public async Task History_WithAMarkupReason_ShowsItAsTextAndRunsNothing()
    {
        await using var pools = await TwoPools.StartAsync();
        using (var response = await pools.Proxy.Admin.PutAsJsonAsync("/api/v1/weights", new { blue = 90, green = 10, reason = MarkupReason }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);
        await dashboard.GotoAsync();
        await dashboard.Page.EvaluateAsync(
            """
            () => {
              window.titleChanges = [];
              new MutationObserver(() => window.titleChanges.push(document.title))
                .observe(document.head, { childList: true, characterData: true, subtree: true });
            }
            """);
        await dashboard.SubmitTokenAsync(ProxyUnderTest.OperatorToken);

        var reason = dashboard["#history tr td.reason"].First;
        await Expect(reason).ToHaveTextAsync(MarkupReason);
        await Expect(dashboard["#history img"]).ToHaveCountAsync(0);
        await Eventually.HoldsAsync(() => dashboard.Requests.Count(url => url.Contains("/api/v1/history", StringComparison.Ordinal)) >= 3, "three polls");
        Assert.Equal("BlueGreen dashboard", await dashboard.Page.TitleAsync());
        Assert.Empty(await dashboard.Page.EvaluateAsync<string[]>("() => window.titleChanges"));
        Assert.DoesNotContain(dashboard.Requests, url => url.EndsWith("/x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WithTheViewerToken_ShowsTheStateWithoutControls()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);

        await dashboard.LoginAsync(ProxyUnderTest.ViewerToken);

        await Expect(dashboard["#who"]).ToHaveTextAsync("signed in as viewer");
        await Expect(dashboard["#destinations-blue tr[data-destination='blue-1']"]).ToBeVisibleAsync();
        await Expect(dashboard[".control"]).ToHaveCountAsync(0);
        await Expect(dashboard["#dashboard button"]).ToHaveCountAsync(0);
        await Expect(dashboard["#dashboard input"]).ToHaveCountAsync(0);
        await Expect(dashboard["#confirm"]).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Document_WhenLoaded_CarriesTheStrictContentSecurityPolicy()
    {
        await using var pools = await TwoPools.StartAsync();
        await using var dashboard = await _browser.OpenAsync(pools.Proxy.AdminAddress);

        var response = await dashboard.GotoAsync();

        var headers = await response.AllHeadersAsync();
        var policy = headers["content-security-policy"];
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        await Expect(dashboard["#login"]).ToBeVisibleAsync();
        dashboard.AssertNoConsoleErrors();
    }
}
