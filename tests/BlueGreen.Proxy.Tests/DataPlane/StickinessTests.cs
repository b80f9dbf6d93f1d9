using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.DataPlane;

public sealed class StickinessTests
{
    [Fact]
    public async Task CookieStickiness_ClientWithItsCookie_KeepsItsPoolAcross100Requests()
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;
        await proxy.SetWeightsAsync(50, 50);

        // Several clients, so that both pools are exercised at 50/50.
        var poolsSeen = new HashSet<string>();
        for (var client = 0; client < 8; client++)
        {
            using var first = await proxy.Client.GetAsync("/");
            var cookie = first.Headers.GetValues("Set-Cookie").Single();
            Assert.StartsWith("bg-id=", cookie, StringComparison.Ordinal);
            var id = cookie.Split(';')[0];
            var pool = first.Headers.GetValues("X-BlueGreen-Pool").Single();
            poolsSeen.Add(pool);

            for (var i = 0; i < 100; i++)
            {
                Assert.Equal(pool, await proxy.GetPoolAsync("/", r => r.Headers.Add("Cookie", $"theme=dark; {id}; lang=en")));
            }
        }

        Assert.Equal(2, poolsSeen.Count);
    }

    [Fact]
    public async Task CookieStickiness_RaisingGreenFrom5To50_NeverMovesAClientFromGreenToBlue()
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;
        var clients = Enumerable.Range(0, 400).Select(i => $"bg-id=client-{i}").ToList();
        var onGreen = new HashSet<string>();

        foreach (var greenWeight in new decimal[] { 5, 10, 25, 50 })
        {
            await proxy.SetWeightsAsync(100 - greenWeight, greenWeight);
            var nowOnGreen = new HashSet<string>();
            foreach (var cookie in clients)
            {
                if (await proxy.GetPoolAsync("/", r => r.Headers.Add("Cookie", cookie)) == "green")
                {
                    nowOnGreen.Add(cookie);
                }
            }

            Assert.Superset(onGreen, nowOnGreen);
            Assert.InRange(nowOnGreen.Count, (int)(400 * greenWeight / 100 / 2), (int)(400 * greenWeight / 100 * 2) + 5);
            onGreen = nowOnGreen;
        }
    }

    [Fact]
    public async Task CookieStickiness_RequestWithCookie_IsNotGivenANewOne()
    {
        await using var pools = await TwoPools.StartAsync();
        var proxy = pools.Proxy;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "bg-id=abc");
        using var response = await proxy.Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task HeaderStickiness_SameHeaderValue_KeepsItsPool()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Stickiness:Mode=Header", "--BlueGreen:Stickiness:Name=X-User");
        var proxy = pools.Proxy;
        await proxy.SetWeightsAsync(50, 50);

        var poolsSeen = new HashSet<string>();
        for (var user = 0; user < 20; user++)
        {
            var first = await proxy.GetPoolAsync("/", r => r.Headers.Add("X-User", $"user-{user}"));
            poolsSeen.Add(first);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(first, await proxy.GetPoolAsync("/", r => r.Headers.Add("X-User", $"user-{user}")));
            }
        }

        Assert.Equal(2, poolsSeen.Count);
    }
}
