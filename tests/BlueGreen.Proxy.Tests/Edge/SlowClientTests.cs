using System.Diagnostics;
using System.Net.Sockets;
using BlueGreen.Proxy.Hosting;
using BlueGreen.Proxy.Tests.Infrastructure;

namespace BlueGreen.Proxy.Tests.Edge;

/// <summary>
/// Slowloris and its body-side cousin: clients that trickle their request a byte a second are cut off by the shipped
/// limits (<see cref="ClientLimits"/>), and well-behaved clients are served all the while.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SlowClientTests
{
    private const int Attackers = 100;

    [Fact]
    public async Task Headers_AByteASecondFromManyClients_EachCutOffWith408AtTheHeadersTimeout_WhileOthersAreServed()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var proxy = new Uri(pools.Proxy.App.ProxyUrls[0]);
        var attackers = await Task.WhenAll(Enumerable.Range(0, Attackers).Select(_ => RawConnection.OpenAsync(proxy)));
        try
        {
            await using var bystanders = Bystanders.Start(proxy);

            // A request head that never ends: one more header byte every second.
            var endless = "GET /slowloris HTTP/1.1\r\nHost: slowloris\r\nX-Slow: " + new string('a', 60);
            var cutOffs = await Task.WhenAll(attackers.Select(attacker => TrickleAsync(attacker, endless)));

            await bystanders.AssertAllServedAsync();
            Assert.All(cutOffs, cutOff =>
            {
                Assert.StartsWith("HTTP/1.1 408", cutOff.Answer, StringComparison.Ordinal);

                // Kestrel checks its timeouts once a second: the 10 s limit, not its own default of 30 s.
                Assert.InRange(cutOff.After, ClientLimits.RequestHeadersTimeout - TimeSpan.FromSeconds(1), ClientLimits.RequestHeadersTimeout + TimeSpan.FromSeconds(8));
            });
            Assert.DoesNotContain("GET /slowloris", pools.Blue.Requests);
            await ClientErrors.HoldsAsync(pools.Proxy.Admin, "request_headers_timeout", Attackers);
        }
        finally
        {
            DisposeAll(attackers);
        }
    }

    [Fact]
    public async Task Body_AByteASecondFromManyClients_EachCutOffAfterTheGracePeriod_WhileOthersAreServed()
    {
        await using var pools = await TwoPools.StartAsync("--BlueGreen:Health:Active:Enabled=false");
        var proxy = new Uri(pools.Proxy.App.ProxyUrls[0]);
        var attackers = await Task.WhenAll(Enumerable.Range(0, Attackers).Select(_ => RawConnection.OpenAsync(proxy)));
        try
        {
            await using var bystanders = Bystanders.Start(proxy);

            // Headers at once, then a body that would take a day. The backend (/patient) waits for it however slow it
            // is, so only the proxy's own limit can end it.
            var head = "POST /patient HTTP/1.1\r\nHost: trickle\r\nContent-Length: 100000\r\n\r\n";
            await Task.WhenAll(attackers.Select(attacker => attacker.SendAsync(head)));
            var cutOffs = await Task.WhenAll(attackers.Select(attacker => TrickleAsync(attacker, new string('b', 60))));

            await bystanders.AssertAllServedAsync();
            var grace = ClientLimits.MinRequestBodyDataRate.GracePeriod;
            Assert.All(cutOffs, cutOff => Assert.InRange(cutOff.After, grace - TimeSpan.FromSeconds(1), grace + TimeSpan.FromSeconds(8)));
            Assert.All(cutOffs, cutOff => Assert.StartsWith("HTTP/1.1 408", cutOff.Answer, StringComparison.Ordinal));
            Assert.Equal(Attackers, pools.Blue.Requests.Count(r => r == "POST /patient"));
            await ClientErrors.HoldsAsync(pools.Proxy.Admin, "min_request_body_data_rate", Attackers);

            // Routed before it stalled, so counted under its pool: as a 408, the client's fault, never a 5xx against the pool.
            var metrics = await pools.Proxy.Admin.GetStringAsync("/metrics");
            Assert.Contains($"bluegreen_requests_total{{pool=\"blue\",code=\"408\"}} {Attackers}\n", metrics, StringComparison.Ordinal);
        }
        finally
        {
            DisposeAll(attackers);
        }
    }

    /// <summary>Sends <paramref name="text"/> a byte a second until the server closes the connection; returns what it answered and when.</summary>
    private static async Task<(string Answer, TimeSpan After)> TrickleAsync(RawConnection connection, string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var answer = connection.ReadToCloseAsync(TimeSpan.FromSeconds(60));
        foreach (var character in text)
        {
            try
            {
                await connection.SendAsync(character.ToString());
            }
            catch (SocketException)
            {
                break;
            }

            if (await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(1))) == answer)
            {
                break;
            }
        }

        var received = await answer;
        return (received, stopwatch.Elapsed);
    }

    private static void DisposeAll(IEnumerable<RawConnection> connections)
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }
}
