using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Mirroring;
using BlueGreen.Proxy.Observability;
using BlueGreen.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Proxy.Tests.Mirroring;

/// <summary>The mirror sender under a host's lifetime, against a real backend.</summary>
public sealed class MirrorSenderTests
{
    [Fact]
    public async Task StopAsync_WithMirrorsHangingAndQueued_CancelsThemDropsTheQueueAndEnds()
    {
        await using var backend = await TestBackend.StartAsync("green");
        backend.Delay = TimeSpan.FromMinutes(2);
        var metrics = new ProxyMetrics(Prometheus.Metrics.NewCustomRegistry());
        using var sut = new MirrorSender(metrics, TimeProvider.System, NullLogger<MirrorSender>.Instance);
        using var client = new HttpMessageInvoker(new SocketsHttpHandler());
        await sut.StartAsync(CancellationToken.None);

        var sending = Enqueue(sut, client, backend, MirrorSender.MaxConcurrent);
        await Eventually.HoldsAsync(() => backend.InFlight == MirrorSender.MaxConcurrent, "every worker waiting on the backend");
        var queued = Enqueue(sut, client, backend, MirrorSender.QueueCapacity + 5);
        Assert.Equal(MirrorSender.MaxConcurrent + MirrorSender.QueueCapacity, sut.Pending);
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal((MirrorSender.MaxConcurrent, MirrorSender.QueueCapacity), (sending, queued));
        Assert.Equal(5, metrics.MirrorsDropped(Pool.Green));
        Assert.True(sut.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, sut.Pending);
        await Eventually.HoldsAsync(() => backend.InFlight == 0, "the hanging mirrors cancelled");

        // Cancelled by the shutdown, not answered: none counts as a mirrored request.
        Assert.Equal(0, metrics.Mirrored(Pool.Green));
        Assert.Equal(0, Enqueue(sut, client, backend, 1));
    }

    /// <summary>Hands <paramref name="count"/> mirrors to the sender; returns how many it took.</summary>
    private static int Enqueue(MirrorSender sender, HttpMessageInvoker client, TestBackend backend, int count) =>
        Enumerable.Range(0, count).Count(_ => sender.TryEnqueue(
            new MirroredRequest(Pool.Green, new HttpRequestMessage(HttpMethod.Get, backend.Address + "/hang"), client)));
}
