using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Edge;

/// <summary>
/// Requests over the shipped size limits (<see cref="ClientLimits"/>) are refused by Kestrel before routing: never
/// proxied, and not in <c>bluegreen_requests_total</c>, which counts requests by the pool they were assigned to.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class OversizedRequestTests
{
    private const int Attempts = 20;

    public static TheoryData<string, int, string> Oversized => new()
    {
        { $"GET /oversized HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', ClientLimits.MaxRequestHeadersTotalSize)}\r\n\r\n", 431, "max_request_headers_total_size_exceeded" },
        { $"GET /oversized HTTP/1.1\r\nHost: x\r\n{string.Concat(Enumerable.Range(0, ClientLimits.MaxRequestHeaderCount).Select(i => $"X-H{i}: {i}\r\n"))}\r\n", 431, "max_request_header_count_exceeded" },
        { $"GET /oversized?q={new string('a', ClientLimits.MaxRequestLineSize)} HTTP/1.1\r\nHost: x\r\n\r\n", 414, "invalid_request_line" },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task Request_OverTheLimit_RefusedBeforeRoutingAndNotCounted_WhileOthersAreServed(string request, int status, string reason)
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var proxy = new Uri(pools.Proxy.App.ProxyUrls[0]);
        await using var bystanders = Bystanders.Start(proxy);

        // Attacks until the well-behaved clients have been served a few times meanwhile (they fail the test if never).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var attempts = 0;
        for (; attempts < Attempts || (bystanders.Served < Bystanders.Enough && !deadline.IsCancellationRequested); attempts++)
        {
            using var connection = await RawConnection.OpenAsync(proxy);
            await connection.SendAsync(request);
            var answer = await connection.ReadToCloseAsync(TimeSpan.FromSeconds(10));
            Assert.True(answer.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal), $"{reason}: {answer}");
        }

        await bystanders.AssertAllServedAsync();
        Assert.DoesNotContain("GET /oversized", pools.Blue.Requests);
        var metrics = await pools.Proxy.Admin.GetStringAsync("/metrics");
        Assert.DoesNotContain($"code=\"{status}\"", metrics, StringComparison.Ordinal);
        Assert.Contains("bluegreen_requests_total{pool=\"blue\",code=\"200\"}", metrics, StringComparison.Ordinal);
        await ClientErrors.HoldsAsync(pools.Proxy.Admin, reason, attempts);
    }

    [Fact]
    public async Task Request_JustUnderTheHeaderLimits_IsProxied()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/under");
        request.Headers.Add("X-Big", new string('a', 16 * 1024));
        for (var i = 0; i < 80; i++)
        {
            request.Headers.Add($"X-H{i}", "1");
        }

        using var response = await pools.Proxy.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("GET /under", pools.Blue.Requests);
    }
}
