using System.Net;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rolling;

/// <summary>A rolling update is routing state: a proxy killed mid-roll comes back at the same batch and goes on.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class RollingRestartTests
{
    private const string Token = "rolling-restart-token";

    [Fact]
    public async Task KillDuringTheSecondBatch_Restart_SameUpdateSameBatchSameModes_AndItGoesOn()
    {
        using var temp = new TemporaryDirectory();
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var b3 = await TestBackend.StartAsync("b3");
        await using var green = await TestBackend.StartAsync("g1");
        string[] args =
        [
            .. ProxyProcess.LoopbackArgs(Token),
            $"--BlueGreen:Pools:blue:Destinations:b1={b1.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b2={b2.Address}",
            $"--BlueGreen:Pools:blue:Destinations:b3={b3.Address}",
            $"--BlueGreen:Pools:green:Destinations:g1={green.Address}",
        ];

        string id;
        await using (var first = ProxyProcess.Start(temp.Path, args))
        {
            var (data, admin) = await first.WaitForBannerAsync();
            using var adminClient = ProxyProcess.AdminClient(admin, Token);
            using var dataClient = new HttpClient { BaseAddress = data };
            await using var traffic = Traffic.Start(dataClient, clients: 2);
            var started = await adminClient.StartRollingAsync("blue", new { batch = 1, pause = "00:00:00", analysis = new { minRequests = 5 } });
            id = started.GetProperty("id").GetString()!;
            await adminClient.WaitForRollingAsync("blue", "waitingForUpdate", batch: 0);
            (await adminClient.ControlRollingAsync("blue", "continue")).Dispose();
            await adminClient.WaitForRollingAsync("blue", "waitingForUpdate", batch: 1);

            await first.KillAsync();
        }

        await using var second = ProxyProcess.Start(temp.Path, args);
        var (data2, admin2) = await second.WaitForBannerAsync();
        using var admin2Client = ProxyProcess.AdminClient(admin2, Token);
        var restored = await admin2Client.CurrentRollingAsync("blue");
        Assert.Equal((id, "waitingForUpdate", 1), (restored.GetProperty("id").GetString(), restored.Status(), restored.GetProperty("batch").GetInt32()));
        Assert.Equal(["b1"], restored.GetProperty("updated").EnumerateArray().Select(u => u.GetString()));
        var modes = await admin2Client.ModesAsync("blue");
        Assert.Equal(("active", "draining", "active"), (modes["b1"], modes["b2"], modes["b3"]));

        using var data2Client = new HttpClient { BaseAddress = data2 };
        await using var traffic2 = Traffic.Start(data2Client, clients: 2);
        using (var continued = await admin2Client.ControlRollingAsync("blue", "continue"))
        {
            Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
        }

        await admin2Client.WaitForRollingAsync("blue", "waitingForUpdate", batch: 2);
        (await admin2Client.ControlRollingAsync("blue", "continue")).Dispose();
        var ended = await admin2Client.WaitForRollingAsync("blue", "completed");
        Assert.Equal(id, ended.GetProperty("id").GetString());
        Assert.Equal(["b1", "b2", "b3"], ended.GetProperty("updated").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0, traffic2.Failed);
    }
}
