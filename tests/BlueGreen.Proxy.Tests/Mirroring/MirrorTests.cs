using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Mirroring;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Proxy.Tests.Mirroring;

/// <summary>Traffic mirroring, counted at real backends: blue serves every request, green gets the copies.</summary>
public sealed class MirrorTests
{
    // Probes would reach the backends too; these tests count every request a backend sees.
    private const string NoProbes = "--BlueGreen:Health:Active:Enabled=false";
    private const string NoStickiness = "--BlueGreen:Stickiness:Mode=None";

    [Fact]
    public async Task Mirror_TenPercentOf5000Requests_ReachesTheIdlePoolWhileClientsSeeOnlyTheServingPool()
    {
        await using var pools = await TwoPools.StartAsync(NoProbes, NoStickiness, "--BlueGreen:Mirror:Percent=10");
        var (blue, green, proxy) = pools;
        const int requests = 5000;

        var sent = 0;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var seen = new List<(HttpStatusCode, string, string)>();
            while (Interlocked.Increment(ref sent) <= requests)
            {
                using var response = await proxy.Client.GetAsync("/mirror-me?q=1");
                seen.Add((response.StatusCode, response.Headers.GetValues("X-BlueGreen-Pool").Single(), await response.Content.ReadAsStringAsync()));
            }

            return seen;
        }));
        var sender = proxy.App.Services.GetRequiredService<MirrorSender>();
        await Eventually.HoldsAsync(() => sender.Pending == 0, "every mirror answered");

        Assert.All(answers.SelectMany(a => a), a => Assert.Equal((HttpStatusCode.OK, "blue", "blue"), a));
        Assert.Equal(requests, blue.Served);
        Assert.Equal(0, blue.Mirrored);
        Assert.Equal(green.Served, green.Mirrored);
        Assert.InRange(green.Mirrored, 425, 575); // 10 % ± 1.5 %
        var metrics = Metrics(proxy);
        Assert.Equal(green.Mirrored, metrics.Mirrored(Pool.Green));
        Assert.Equal(0, metrics.MirrorsDropped(Pool.Green));
    }

    [Fact]
    public async Task Mirror_IdlePoolThatHangs_ClientsAreServedAndMirrorsStayAtTheirCap()
    {
        await using var pools = await TwoPools.StartAsync(NoProbes, NoStickiness, "--BlueGreen:Mirror:Percent=100");
        var (blue, green, proxy) = pools;
        green.Delay = TimeSpan.FromMinutes(2);
        const int requests = 200;
        var sender = proxy.App.Services.GetRequiredService<MirrorSender>();
        var metrics = Metrics(proxy);

        var mostAtGreen = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                mostAtGreen = Math.Max(mostAtGreen, green.InFlight);
                await Task.Delay(1, CancellationToken.None);
            }
        });

        var sent = 0;
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var seen = new List<(HttpStatusCode, string)>();
            while (Interlocked.Increment(ref sent) <= requests)
            {
                using var response = await proxy.Client.GetAsync("/");
                seen.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            }

            return seen;
        }));
        await Eventually.HoldsAsync(() => green.InFlight == MirrorSender.MaxConcurrent, "the mirror workers all waiting on green");
        await sampling.CancelAsync();
        await sampler;
        mostAtGreen = Math.Max(mostAtGreen, green.InFlight);

        Assert.All(statuses.SelectMany(s => s), s => Assert.Equal((HttpStatusCode.OK, "blue"), s));
        Assert.Equal(requests, blue.Served);
        Assert.Equal(MirrorSender.MaxConcurrent, mostAtGreen);

        // Every copy was queued (and waits, or timed out) or dropped at the cap; none waits beyond the cap.
        Assert.Equal(requests, metrics.MirrorsDropped(Pool.Green) + sender.Pending + metrics.Mirrored(Pool.Green));
        Assert.InRange(sender.Pending, 0, MirrorSender.MaxConcurrent + MirrorSender.QueueCapacity);
        Assert.True(metrics.MirrorsDropped(Pool.Green) > 0, "copies beyond the cap are dropped");
    }

    [Fact]
    public async Task Mirror_Bodies_OnlyThoseOfKnownLengthUpToMaxBodyBytesAreCopiedAndUnchanged()
    {
        await using var pools = await TwoPools.StartAsync(NoProbes, NoStickiness, "--BlueGreen:Mirror:Percent=100", "--BlueGreen:Mirror:MaxBodyBytes=1024");
        var (blue, green, proxy) = pools;
        var sender = proxy.App.Services.GetRequiredService<MirrorSender>();
        var metrics = Metrics(proxy);
        var large = RandomNumberGenerator.GetBytes(1025);
        var small = RandomNumberGenerator.GetBytes(1024);

        var largeDigest = await PostDigestAsync(proxy, new ByteArrayContent(large));
        var chunkedDigest = await PostDigestAsync(proxy, new StreamContent(new MemoryStream(small)) { Headers = { ContentLength = null } });
        var smallDigest = await PostDigestAsync(proxy, new ByteArrayContent(small));
        await Eventually.HoldsAsync(() => sender.Pending == 0, "every mirror answered");

        // The client's requests reach blue whole, whether copied or not.
        Assert.Equal([Digest(large), Digest(small), Digest(small)], [largeDigest, chunkedDigest, smallDigest]);
        Assert.Equal([Digest(large), Digest(small), Digest(small)], blue.Digests);
        Assert.Equal([Digest(small)], green.Digests);
        Assert.Equal(1, green.Mirrored);
        Assert.Equal(2, metrics.MirrorsSkipped.WithLabels("green", "body").Value);
    }

    [Fact]
    public async Task Mirror_WebSocketUpgrade_IsNotCopied()
    {
        await using var pools = await TwoPools.StartAsync(NoProbes, NoStickiness, "--BlueGreen:Mirror:Percent=100");
        var (_, green, proxy) = pools;

        using var socket = await EchoSocket.ConnectAsync(proxy);
        Assert.Equal("blue:hi", await socket.EchoAsync("hi"));
        await socket.CloseAsync();

        Assert.Equal(0, green.Served);
        Assert.Equal(1, Metrics(proxy).MirrorsSkipped.WithLabels("green", "upgrade").Value);
    }

    [Fact]
    public async Task Mirror_FailingIdlePool_IsCountedAsMirrorErrorsAndNeverReachesTheClient()
    {
        await using var pools = await TwoPools.StartAsync(NoProbes, NoStickiness, "--BlueGreen:Mirror:Percent=100");
        var (_, green, proxy) = pools;
        green.FailWith = 503;
        var sender = proxy.App.Services.GetRequiredService<MirrorSender>();

        for (var i = 0; i < 20; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.HoldsAsync(() => sender.Pending == 0, "every mirror answered");
        var metrics = Metrics(proxy);
        Assert.Equal(20, metrics.Mirrored(Pool.Green));
        Assert.Equal(20, metrics.MirrorErrors.WithLabels("green", "status").Value);
        var scrape = await proxy.Admin.GetStringAsync("/metrics");
        Assert.Contains("bluegreen_mirrored_requests_total{pool=\"green\"} 20", scrape, StringComparison.Ordinal);
        Assert.Contains("bluegreen_mirrored_request_duration_seconds_count{pool=\"green\"} 20", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mirror_PercentZero_HasNoSenderAndCopiesNothing()
    {
        await using var pools = await TwoPools.StartAsync(NoProbes, NoStickiness);
        var (_, green, proxy) = pools;

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("blue", await proxy.GetPoolAsync());
        }

        Assert.Null(proxy.App.Services.GetService<MirrorSender>());
        Assert.Equal(0, green.Served);
    }

    [Fact]
    public async Task Mirror_IdlePoolOverTlsAndHttp2_GetsTheCopiesWithThatPoolsSettings()
    {
        using var temp = new TemporaryDirectory();
        await using var blue = await TestBackend.StartAsync("blue");
        var seen = new ConcurrentQueue<(string Protocol, string Mirror)>();
        await using var green = await StartHttp2TlsBackendAsync(seen);
        await using var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Urls.Single()}",
            "--BlueGreen:Pools:green:HttpVersion=2",
            "--BlueGreen:Pools:green:DangerousAcceptAnyServerCertificate=true",
            $"--BlueGreen:State:Path={temp.File("state.json")}",
            NoProbes,
            NoStickiness,
            "--BlueGreen:Mirror:Percent=100",
        ]);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("blue", await proxy.GetPoolAsync());
        }

        await Eventually.HoldsAsync(() => proxy.App.Services.GetRequiredService<MirrorSender>().Pending == 0, "every mirror answered");
        Assert.Equal(10, Metrics(proxy).Mirrored(Pool.Green));
        Assert.Equal(Enumerable.Repeat(("HTTP/2", "1"), 10), seen);
    }

    /// <summary>A backend that speaks HTTP/2 only, over TLS with a self-signed certificate, and notes how each request came.</summary>
    private static async Task<WebApplication> StartHttp2TlsBackendAsync(ConcurrentQueue<(string Protocol, string Mirror)> seen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = TestCertificates.Create();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.Run(context =>
        {
            seen.Enqueue((context.Request.Protocol, context.Request.Headers["X-BlueGreen-Mirror"].ToString()));
            return context.Response.WriteAsync("green");
        });
        await app.StartAsync();
        return app;
    }

    private static ProxyMetrics Metrics(ProxyUnderTest proxy) => proxy.App.Services.GetRequiredService<ProxyMetrics>();

    private static async Task<string> PostDigestAsync(ProxyUnderTest proxy, HttpContent content)
    {
        using var response = await proxy.Client.PostAsync("/digest", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Digest(byte[] body) => $"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}";
}
