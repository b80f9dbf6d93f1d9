using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Rollouts;

/// <summary>Rollout webhooks against a real local HTTP server: gates that stop or let a rollout go on, and events.</summary>
public sealed class RolloutWebhookTests
{
    private const string Secret = "webhook-test-secret";

    private static readonly string[] Quiet =
        ["--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false", $"--BlueGreen:Analysis:WebhookSecret={Secret}"];

    [Fact]
    public async Task PreStepGate_Answering500_StopsTheRolloutBeforeTheNextStepNamingTheWebhook()
    {
        await using var hooks = await HookReceiver.StartAsync();
        hooks.Answer("/smoke", 500, body: "smoke test failed: checkout returned 502");
        await using var pools = await TwoPools.StartAsync(Quiet);
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout(hooks, ("smoke", "pre-step", "/smoke", "00:00:05")));
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Equal(0, ended.GetProperty("step").GetInt32());
        Assert.Contains("pre-step webhook smoke answered 500: smoke test failed: checkout returned 502", ended.Detail(), StringComparison.Ordinal);
        Assert.Single(hooks.CallsTo("/smoke"));
    }

    [Fact]
    public async Task PreStepGate_NotAnsweringInTime_StopsTheRollout()
    {
        await using var hooks = await HookReceiver.StartAsync();
        hooks.Answer("/slow", 200, delay: TimeSpan.FromSeconds(5));
        await using var pools = await TwoPools.StartAsync(Quiet);
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout(hooks, ("slow", "pre-step", "/slow", "00:00:00.500")));
        var ended = await pools.Proxy.Admin.WaitForRolloutStatusAsync("rolledBack");

        Assert.Contains("pre-step webhook slow did not answer within 00:00:00.5", ended.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gates_Answering2xx_LetTheRolloutGoOnAndEventsHearEveryTransitionSigned()
    {
        await using var hooks = await HookReceiver.StartAsync();
        hooks.Answer("/smoke", 204);
        await using var pools = await TwoPools.StartAsync(Quiet);
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout(
            hooks, ("smoke", "pre-step", "/smoke", "00:00:05"), ("final", "pre-promotion", "/final", "00:00:05"), ("audit", "event", "/events", "00:00:05")));
        await pools.Proxy.Admin.WaitForRolloutStatusAsync("promoted");
        await Eventually.HoldsAsync(() => hooks.CallsTo("/events").Count() == 3, "three events");

        Assert.Single(hooks.CallsTo("/smoke"));
        Assert.Single(hooks.CallsTo("/final"));
        var events = hooks.CallsTo("/events").ToList();
        Assert.Equal(["rollout-start", "rollout-step", "rollout-promote"], events.Select(e => e.Headers["X-BlueGreen-Event"]));
        Assert.Equal(["progressing", "progressing", "promoted"], events.Select(e => JsonDocument.Parse(e.Body).RootElement.GetProperty("status").GetString()));
        Assert.All(hooks.Calls, call =>
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(call.Body)));
            Assert.Equal(expected, call.Headers["X-BlueGreen-Signature"]);
        });
    }

    [Fact]
    public async Task EventWebhook_Failing_IsRetriedAndNeverBlocksTheRollout()
    {
        await using var hooks = await HookReceiver.StartAsync();
        hooks.Answer("/events", 503);
        await using var pools = await TwoPools.StartAsync(Quiet);
        await using var traffic = Traffic.Start(pools.Proxy.Client);

        await pools.Proxy.Admin.StartRolloutAsync(Rollout(hooks, ("audit", "event", "/events", "00:00:01")));
        await pools.Proxy.Admin.WaitForRolloutStatusAsync("promoted");

        // Four attempts (one and three retries) for the start event alone.
        await Eventually.HoldsAsync(
            () => hooks.CallsTo("/events").Count(c => c.Headers["X-BlueGreen-Event"] == "rollout-start") == 4, "the start event tried four times");
    }

    private static object Rollout(HookReceiver hooks, params (string Name, string Type, string Path, string Timeout)[] webhooks) => new
    {
        to = "green",
        steps = new[] { 10, 50, 100 },
        stepInterval = "00:00:01",
        analysis = new { minRequests = 5, sequential = false },
        webhooks = webhooks.Select(w => new { name = w.Name, type = w.Type, url = hooks.Address + w.Path, timeout = w.Timeout }).ToArray(),
    };
}
