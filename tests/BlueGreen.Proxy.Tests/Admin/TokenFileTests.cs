using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>The generated admin token, as an operator meets it: written on the first start, reused by later ones.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class TokenFileTests
{
    [Fact]
    public async Task Start_TwiceWithoutConfiguredToken_ReusesTheTokenFileOfTheFirstStart()
    {
        using var temp = new TemporaryDirectory();
        var tokenFile = Path.Combine(temp.Path, "data", "admin.token");
        string firstToken;
        await using (var first = StartProxy(temp.Path))
        {
            var (_, admin) = await first.WaitForBannerAsync();
            firstToken = (await File.ReadAllTextAsync(tokenFile)).Trim();
            Assert.Equal(HttpStatusCode.OK, await GetStateStatusAsync(admin, firstToken));
            // The banner's token line comes after the addresses WaitForBannerAsync looks for, maybe in a later read.
            await Eventually.HoldsAsync(() => first.Output.Contains("admin token: generated now, kept in", StringComparison.Ordinal), "the generated-token line");
            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await using var second = StartProxy(temp.Path);
        var (_, secondAdmin) = await second.WaitForBannerAsync();

        Assert.Equal(firstToken, (await File.ReadAllTextAsync(tokenFile)).Trim());
        await Eventually.HoldsAsync(() => second.Output.Contains("admin token: reused from", StringComparison.Ordinal), "the reused-token line");
        Assert.Equal(HttpStatusCode.OK, await GetStateStatusAsync(secondAdmin, firstToken));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
    }

    [Fact]
    public async Task Unauthorized_WithGeneratedTokenFile_ProblemDetailNamesTheFile()
    {
        using var temp = new TemporaryDirectory();
        await using var process = StartProxy(temp.Path);
        var (_, admin) = await process.WaitForBannerAsync();
        using var client = new HttpClient { BaseAddress = admin };

        using var response = await client.GetAsync("/api/v1/state");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(
            Path.Combine(temp.Path, "data", "admin.token"),
            problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    private static ProxyProcess StartProxy(string workingDirectory) => ProxyProcess.Start(
        workingDirectory,
        "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
        "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
        "--BlueGreen:Health:Active:Enabled=false",
        "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001");

    private static async Task<HttpStatusCode> GetStateStatusAsync(Uri admin, string token)
    {
        using var client = new HttpClient { BaseAddress = admin };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/v1/state");
        return response.StatusCode;
    }
}
