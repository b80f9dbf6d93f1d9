using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Edge;

/// <summary>
/// Request smuggling: a request whose length two parsers could read two ways gets 400 and a closed connection, and
/// nothing of it (least of all a second request hidden in its body) reaches a backend.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SmugglingTests
{
    private const int Attempts = 20;

    /// <summary>
    /// Each framing with the reason <c>bluegreen_client_errors_total</c> counts it under, or none where Kestrel files
    /// its refusal under <c>other_error</c> together with its own internal failures, which BlueGreen does not count.
    /// </summary>
    public static TheoryData<string, string, string?> AmbiguousFraming => new()
    {
        // CL.TE: a front end reading Content-Length would forward the hidden GET as part of the body; a back end
        // reading chunked would then see it as a second request.
        { "Content-Length then chunked", "POST /framing HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", "ambiguous_framing" },
        { "chunked then Content-Length", "POST /framing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 60\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", "ambiguous_framing" },
        { "padded chunked with Content-Length", "POST /framing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:   chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", "ambiguous_framing" },
        { "unknown coding with Content-Length", "POST /framing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", null },
        { "chunked not last", "POST /framing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", null },
        { "two Content-Lengths", "POST /framing HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 37\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", "invalid_request_headers" },

        // Kestrel moves the Content-Length of a chunked request to X-Content-Length, which is how the proxy sees
        // the first cases; a client that sends that header itself with a chunked body is refused the same way.
        { "chunked with X-Content-Length", "POST /framing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-Content-Length: 6\r\n\r\n0\r\n\r\n", "ambiguous_framing" },
    };

    [Theory]
    [MemberData(nameof(AmbiguousFraming))]
    public async Task Request_AmbiguousFraming_400AndConnectionClosedAndNothingReachesTheBackend_WhileOthersAreServed(string framing, string request, string? reason)
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

            // The answer ends with the connection, so nothing after the first request on it is ever read.
            var answer = await connection.ReadToCloseAsync(TimeSpan.FromSeconds(10));
            Assert.True(answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), $"{framing}: {answer}");
            Assert.Single(answer.Split("HTTP/1.1 "), part => part.Length > 0);
        }

        await bystanders.AssertAllServedAsync();
        var reachedBackends = pools.Blue.Requests.Concat(pools.Green.Requests).Where(r => r != "GET /").ToList();
        Assert.Empty(reachedBackends);
        if (reason is not null)
        {
            await ClientErrors.HoldsAsync(pools.Proxy.Admin, reason, attempts);
        }
    }

    [Fact]
    public async Task Request_ChunkedAlone_ReachesTheBackendOnceWithItsBody()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        using var connection = await RawConnection.OpenAsync(new Uri(pools.Proxy.App.ProxyUrls[0]));

        await connection.SendAsync("POST /digest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        var answer = await connection.ReadToCloseAsync(TimeSpan.FromSeconds(10));

        // The same framing without a Content-Length is ordinary, and proxied: the check refuses only the ambiguous.
        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.Contains("3:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", answer, StringComparison.Ordinal);
        Assert.Equal(["POST /digest"], pools.Blue.Requests);
    }
}
