using BlueGreen.Cli.Tests.Infrastructure;

namespace BlueGreen.Cli.Tests.EndToEnd;

/// <summary>The token lookup order of the real CLI: <c>--token</c>, then <c>BLUEGREEN_TOKEN</c>, then <c>data/admin.token</c>.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private ProxyRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ProxyRig.StartAsync("--BlueGreen:Health:Active:Enabled=false");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Token_FlagAndEnvironment_FlagWins()
    {
        var good = await RunAsync(["--token", ProxyRig.Token], environmentToken: "wrong");
        var bad = await RunAsync(["--token", "wrong"], environmentToken: ProxyRig.Token);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains("401", bad.Error);
    }

    [Fact]
    public async Task Token_EnvironmentAndFile_EnvironmentWins()
    {
        WriteTokenFile("wrong");
        var good = await RunAsync([], environmentToken: ProxyRig.Token);
        WriteTokenFile(ProxyRig.Token);
        var bad = await RunAsync([], environmentToken: "wrong");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.True(bad.ExitCode == 1, bad.ToString());
    }

    [Fact]
    public async Task Token_OnlyTheFile_IsRead()
    {
        WriteTokenFile(ProxyRig.Token + "\n");

        var result = await RunAsync([], environmentToken: null);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Token_NowhereToBeFound_Exits2SayingWhereItLooked()
    {
        var result = await RunAsync([], environmentToken: null);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--token", result.Error);
        Assert.Contains("BLUEGREEN_TOKEN", result.Error);
        Assert.Contains(Path.Combine(_rig.Folder.Path, "data", "admin.token"), result.Error);
    }

    private Task<CliResult> RunAsync(string[] tokenArgs, string? environmentToken) =>
        CliProcess.RunAsync(
            ["status", "--json", "--url", _rig.AdminUrl, .. tokenArgs],
            _rig.Folder.Path,
            environmentToken is null ? null : new Dictionary<string, string> { ["BLUEGREEN_TOKEN"] = environmentToken });

    private void WriteTokenFile(string token)
    {
        Directory.CreateDirectory(_rig.Folder.File("data"));
        File.WriteAllText(_rig.Folder.File("data/admin.token"), token);
    }
}
