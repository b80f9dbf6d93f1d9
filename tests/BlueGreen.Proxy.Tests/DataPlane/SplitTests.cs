using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class SplitTests
{
    [Fact]
    public async Task Proxy_At95To5WithoutStickiness_SendsFivePercentToGreenWithinPointSixPercent()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=None", "--BlueGreen:Health:Active:Enabled=false");
        var (blue, green, proxy) = pools;
        await proxy.SetWeightsAsync(95, 5);

        const int Total = 20_000;
        var greenCount = 0;
        var remaining = Total;
        var workers = Enumerable.Range(0, 32).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (await proxy.GetPoolAsync() == "green")
                {
                    Interlocked.Increment(ref greenCount);
                }
            }
        });
        await Task.WhenAll(workers);

        var share = greenCount * 100.0 / Total;
        Assert.InRange(share, 4.4, 5.6);
        // Probes are off, so the backends saw exactly the proxied requests.
        Assert.Equal(greenCount, green.Served);
        Assert.Equal(Total - greenCount, blue.Served);
    }
}
