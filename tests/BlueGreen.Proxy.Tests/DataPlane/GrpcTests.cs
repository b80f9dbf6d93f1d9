using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BlueGreen.Proxy.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace BlueGreen.Proxy.Tests.DataPlane;

/// <summary>
/// gRPC through the proxy with real parts: a Grpc.Net.Client client over HTTPS and HTTP/2 to the proxy, real Kestrel
/// gRPC backends behind it speaking HTTP/2 only (over TLS with a self-signed certificate, or over cleartext), the pools'
/// <c>HttpVersion=2</c>. Unary and server-streaming calls reach the pool the weights choose, name it in their headers,
/// and count under it.
/// </summary>
public sealed class GrpcTests : IAsyncDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly X509Certificate2 _edge = TestCertificates.Create("edge");
    private readonly List<IAsyncDisposable> _owned = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Grpc_UnaryAndServerStreamingOverHttpsHttp2_ReachTheChosenPoolAndCountUnderIt(bool backendsOverTls)
    {
        var (proxy, green) = await StartAsync(backendsOverTls);
        await proxy.SetWeightsAsync(0, 100);
        await Eventually.HoldsAsync(async () => await HealthAsync(proxy, "green") == "healthy", "green's probe over HTTP/2 to succeed");
        using var channel = GrpcChannel.ForAddress(
            proxy.App.ProxyUrls[0], new GrpcChannelOptions { HttpHandler = TestCertificates.TrustingHandler([_edge]) });
        var invoker = channel.CreateCallInvoker();

        using var unary = invoker.AsyncUnaryCall(EchoGrpc.Echo, null, default, "hello");
        Assert.Equal("green:hello", await unary.ResponseAsync);
        Assert.Equal("green", (await unary.ResponseHeadersAsync).GetValue("x-bluegreen-pool"));

        using var stream = invoker.AsyncServerStreamingCall(EchoGrpc.Count, null, default, "3");
        Assert.Equal("green", (await stream.ResponseHeadersAsync).GetValue("x-bluegreen-pool"));
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("green:1", stream.ResponseStream.Current);

        // The backend holds the rest until the first message has crossed the proxy: the stream is not buffered.
        green.Service.ReleaseStream();
        var rest = new List<string>();
        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
        {
            rest.Add(stream.ResponseStream.Current);
        }

        Assert.Equal(["green:2", "green:3"], rest);
        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);

        await Eventually.HoldsAsync(async () => await RequestsAsync(proxy, "green") == 2, "both calls counted under green");
        Assert.Equal(0, await RequestsAsync(proxy, "blue"));
    }

    private async Task<(ProxyUnderTest Proxy, GrpcBackend Green)> StartAsync(bool backendsOverTls)
    {
        var backendCertificate = backendsOverTls ? TestCertificates.Create("backend") : null;
        var blue = await GrpcBackend.StartAsync("blue", backendCertificate);
        _owned.Add(blue);
        var green = await GrpcBackend.StartAsync("green", backendCertificate);
        _owned.Add(green);
        TestCertificates.WritePem(_edge, _temp.File("edge.crt"), _temp.File("edge.key"));
        var proxy = await ProxyUnderTest.StartAsync(
        [
            $"--BlueGreen:Pools:blue:Destinations:blue-1={blue.Address}",
            $"--BlueGreen:Pools:green:Destinations:green-1={green.Address}",
            "--BlueGreen:Pools:blue:HttpVersion=2",
            "--BlueGreen:Pools:green:HttpVersion=2",
            $"--BlueGreen:Pools:blue:DangerousAcceptAnyServerCertificate={backendsOverTls}",
            $"--BlueGreen:Pools:green:DangerousAcceptAnyServerCertificate={backendsOverTls}",
            "--BlueGreen:Health:Active:Interval=00:00:01",

            // The probes are part of the test (they speak HTTP/2 too); a long timeout keeps a loaded machine from failing one.
            "--BlueGreen:Health:Active:Timeout=00:00:10",
            $"--BlueGreen:State:Path={_temp.File("state.json")}",
            "--BlueGreen:Listen:Proxy=https://127.0.0.1:0",
            $"--BlueGreen:Tls:CertificatePath={_temp.File("edge.crt")}",
            $"--BlueGreen:Tls:KeyPath={_temp.File("edge.key")}",
        ]);
        _owned.Add(proxy);
        return (proxy, green);
    }

    private static async Task<string?> HealthAsync(ProxyUnderTest proxy, string pool)
    {
        var state = await proxy.Admin.GetFromJsonAsync<JsonElement>("/api/v1/state");
        return state.GetProperty("pools").GetProperty(pool).GetProperty("destinations")[0].GetProperty("health").GetString();
    }

    private static async Task<double> RequestsAsync(ProxyUnderTest proxy, string pool)
    {
        var scrape = await proxy.Admin.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith($"bluegreen_requests_total{{pool=\"{pool}\",", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
