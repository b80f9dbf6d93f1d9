using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>A rollout is routing state: a proxy killed mid-rollout comes back at the same step and goes on.</summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class RolloutRestartTests
{
    private const string Token = "rollout-restart-token";

    [Fact]
    public async Task KillDuringStepTwoOfFour_Restart_SameRolloutSameStepSameWeightsAndItGoesOn()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        string[] args =
        [
            .. ProxyProcess.LoopbackArgs(Token),
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
        ];

        string id;
        await using (var first = ProxyProcess.Start(temp.Path, args))
        {
            var (data, admin) = await first.WaitForBannerAsync();
            using var adminClient = ProxyProcess.AdminClient(admin, Token);
            using var dataClient = new HttpClient { BaseAddress = data };
            await using var traffic = Traffic.Start(dataClient);
            var started = await adminClient.StartRolloutAsync(new
            {
                to = "green", steps = new[] { 5, 25, 50, 100 }, stepInterval = "00:00:02", analysis = new { minRequests = 5, sequential = false },
            });
            id = started.GetProperty("id").GetString()!;
            await adminClient.WaitForRolloutAsync(r => r.GetProperty("step").GetInt32() == 1, "step 2 of 4");

            await first.KillAsync();
        }

        await using var second = ProxyProcess.Start(temp.Path, args);
        var (data2, admin2) = await second.WaitForBannerAsync();
        using var admin2Client = ProxyProcess.AdminClient(admin2, Token);
        var restored = await admin2Client.CurrentRolloutAsync();

        Assert.Equal((id, "progressing", 1), (restored.GetProperty("id").GetString(), restored.Status(), restored.GetProperty("step").GetInt32()));
        Assert.Equal(25m, restored.GetProperty("weights").GetProperty("green").GetDecimal());

        using var data2Client = new HttpClient { BaseAddress = data2 };
        await using var traffic2 = Traffic.Start(data2Client);
        var ended = await admin2Client.WaitForRolloutStatusAsync("promoted");
        Assert.Equal(id, ended.GetProperty("id").GetString());
    }
}
