using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Proxy.Hosting;

namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>
/// Blue backends (one unless asked for more: blue-1, blue-2, ...) and a green one, and a whole BlueGreen over them,
/// started in-process on 127.0.0.1 port 0 with a known operator token and its state in a temporary folder; the folder
/// doubles as the CLI's working directory.
/// </summary>
internal sealed class ProxyRig : IAsyncDisposable
{
    public const string Token = "cli-test-operator-token";

    private ProxyRig(TemporaryDirectory folder, IReadOnlyList<TestBackend> blue, TestBackend green, BlueGreenApplication app)
    {
        Folder = folder;
        Blue = blue;
        Green = green;
        App = app;
        AdminUrl = app.AdminUrls[0];
        // No cookie jar: every request is a new user, so the split (not one sticky user) decides its pool.
        Data = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(app.ProxyUrls[0]) };
        Admin = new HttpClient { BaseAddress = new Uri(AdminUrl) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public TemporaryDirectory Folder { get; }

    /// <summary>Blue's backends, <c>blue-1</c> first.</summary>
    public IReadOnlyList<TestBackend> Blue { get; }

    public TestBackend Green { get; }

    public BlueGreenApplication App { get; }

    /// <summary>The admin plane, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string AdminUrl { get; }

    /// <summary>The data plane.</summary>
    public HttpClient Data { get; }

    /// <summary>The admin plane with the operator token, for checking what the CLI did.</summary>
    public HttpClient Admin { get; }

    public static Task<ProxyRig> StartAsync(params string[] extraArgs) => StartAsync(blueBackends: 1, extraArgs);

    public static async Task<ProxyRig> StartAsync(int blueBackends, params string[] extraArgs)
    {
        var folder = new TemporaryDirectory();
        var blue = new List<TestBackend>();
        for (var i = 1; i <= blueBackends; i++)
        {
            blue.Add(await TestBackend.StartAsync($"blue-{i}"));
        }

        var green = await TestBackend.StartAsync("green");
        var app = BlueGreenApplication.Create(
        [
            "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
            "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
            $"--BlueGreen:Admin:Token={Token}",
            .. blue.Select(backend => $"--BlueGreen:Pools:blue:Destinations:{backend.Name}={backend.Address}"),
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
            $"--BlueGreen:State:Path={folder.File("state.json")}",
            .. extraArgs,
        ]);
        await app.StartAsync();
        return new ProxyRig(folder, blue, green, app);
    }

    /// <summary>Runs the CLI against this proxy with the operator token on the command line.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        CliProcess.RunAsync([.. args, "--url", AdminUrl, "--token", Token], Folder.Path);

    /// <summary>Starts the CLI against this proxy as <see cref="RunAsync"/> does, and returns while it runs.</summary>
    public RunningCli Start(params string[] args) => CliProcess.Start([.. args, "--url", AdminUrl, "--token", Token], Folder.Path);

    public async Task<JsonElement> StateAsync() => await Admin.GetFromJsonAsync<JsonElement>("/api/v1/state");

    /// <summary>Reads <paramref name="pool"/>'s rolling update (every 100 ms, up to 30 s) until <paramref name="until"/> holds.</summary>
    public async Task<JsonElement> WaitForRollingAsync(string pool, Func<JsonElement, bool> until, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement rolling = default;
        while (DateTime.UtcNow < deadline)
        {
            rolling = await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{pool}/rolling/current");
            if (until(rolling))
            {
                return rolling;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Within 30 s: {what}; the rolling update is {rolling}");
        return rolling;
    }

    public async ValueTask DisposeAsync()
    {
        Data.Dispose();
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Green.DisposeAsync();
        foreach (var backend in Blue)
        {
            await backend.DisposeAsync();
        }

        Folder.Dispose();
    }
}
