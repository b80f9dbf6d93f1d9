using System.Net;
using System.Net.Http.Json;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>
/// Token guessing on the admin plane is slowed per client address (<see cref="AdminTokenLockout"/>). The proxy runs as
/// a real process, so that its log is the operator's; clients play several hosts from 127.0.0.2 and up.
/// </summary>
[Trait(ProxyProcess.Trait, ProxyProcess.TraitValue)]
public sealed class TokenLockoutTests
{
    private const string Token = "lockout-test-token";

    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Operator = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task WrongTokens_OverTheLimitFromOneAddress_429WithRetryAfterForThatAddressEvenWithTheRightToken_WhileOthersAreServed()
    {
        await using var rig = await LockoutRig.StartAsync();
        await using var bystanders = Bystanders.Start(rig.DataPlane);
        using var guesser = LoopbackClient.From(Guesser, rig.AdminPlane, "wrong-guess");
        using var operatorClient = LoopbackClient.From(Operator, rig.AdminPlane, Token);

        for (var guess = 0; guess < AdminTokenLockout.MaxFailures; guess++)
        {
            using var wrong = await guesser.GetAsync("/api/v1/state");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        for (var guess = 0; guess < 3; guess++)
        {
            using var locked = await guesser.GetAsync("/api/v1/state");
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), AdminTokenLockout.Window);
            Assert.Equal("application/problem+json", locked.Content.Headers.ContentType!.MediaType);
        }

        // The right token from the guessing address is held too: else a right guess would still get through.
        using var rightFromGuesser = LoopbackClient.From(Guesser, rig.AdminPlane, Token);
        using (var held = await rightFromGuesser.PutAsync("/api/v1/weights", JsonContent.Create(new { blue = 50, green = 50 })))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        }

        // Another address is not affected: its operator reads and writes, and its own wrong token is just a 401.
        using (var read = await operatorClient.GetAsync("/api/v1/state"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var write = await operatorClient.PutAsync("/api/v1/weights", JsonContent.Create(new { blue = 90, green = 10 })))
        {
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        }

        using (var otherWrong = LoopbackClient.From(Operator, rig.AdminPlane, "typo"))
        using (var typo = await otherWrong.GetAsync("/api/v1/state"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, typo.StatusCode);
        }

        // The attack can be over in a few milliseconds (the Native AOT build has nothing to compile on first use), so the
        // bystanders are counted while the lockout it caused is still in force: the guesser is refused after they were served.
        await Eventually.HoldsAsync(() => bystanders.Served >= Bystanders.Enough, "bystanders served during the lockout");
        using (var stillLocked = await guesser.GetAsync("/api/v1/state"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        }

        await bystanders.AssertAllServedAsync();
        // One line for the lockout (its next line names the address), however many requests it refused.
        var lines = rig.Process.Output.Split('\n');
        var lockout = Assert.Single(Enumerable.Range(0, lines.Length), i => lines[i].Contains("AdminTokenLockout[2301]", StringComparison.Ordinal));
        Assert.Contains("127.0.0.2 sent 10 wrong tokens", lines[lockout + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockedOutAddress_RequestsWithoutAToken_AnsweredAsAlways()
    {
        await using var rig = await LockoutRig.StartAsync();
        using var guesser = LoopbackClient.From(Guesser, rig.AdminPlane, "wrong-guess");
        for (var guess = 0; guess <= AdminTokenLockout.MaxFailures; guess++)
        {
            using var _ = await guesser.GetAsync("/api/v1/state");
        }

        using (var locked = await guesser.GetAsync("/api/v1/state"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        }

        // Monitoring and the dashboard page from the same host keep working; a request with no token learns nothing.
        using var anonymous = LoopbackClient.From(Guesser, rig.AdminPlane);
        foreach (var path in new[] { "/metrics", "/healthz", "/readyz", "/" })
        {
            using var open = await anonymous.GetAsync(path);
            Assert.True(open.StatusCode == HttpStatusCode.OK, $"{path}: {(int)open.StatusCode}");
        }

        using var noToken = await anonymous.GetAsync("/api/v1/state");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
    }

    /// <summary>Two backends and the proxy process over them.</summary>
    private sealed class LockoutRig : IAsyncDisposable
    {
        private readonly TemporaryDirectory _temp;
        private readonly TestBackend _blue;
        private readonly TestBackend _green;

        private LockoutRig(TemporaryDirectory temp, TestBackend blue, TestBackend green, ProxyProcess process, Uri dataPlane, Uri adminPlane)
        {
            (_temp, _blue, _green, Process, DataPlane, AdminPlane) = (temp, blue, green, process, dataPlane, adminPlane);
        }

        public ProxyProcess Process { get; }

        public Uri DataPlane { get; }

        public Uri AdminPlane { get; }

        public static async Task<LockoutRig> StartAsync()
        {
            var temp = new TemporaryDirectory();
            var blue = await TestBackend.StartAsync("blue");
            var green = await TestBackend.StartAsync("green");
            var process = ProxyProcess.Start(
                temp.Path,
                "--BlueGreen:Listen:Proxy=http://127.0.0.1:0",
                "--BlueGreen:Listen:Admin=http://127.0.0.1:0",
                $"--BlueGreen:Admin:Token={Token}",
                $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
                $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}");
            var (dataPlane, adminPlane) = await process.WaitForBannerAsync();
            return new LockoutRig(temp, blue, green, process, dataPlane, adminPlane);
        }

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            await _green.DisposeAsync();
            await _blue.DisposeAsync();
            _temp.Dispose();
        }
    }
}
