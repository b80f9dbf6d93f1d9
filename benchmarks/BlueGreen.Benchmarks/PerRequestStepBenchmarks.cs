using BenchmarkDotNet.Attributes;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;

namespace BlueGreen.Benchmarks;

/// <summary>
/// Everything the proxy adds to a request (see <see cref="DataPlaneFixture"/> for the request): the pool
/// decision from the request's headers; <see cref="PoolDispatchMiddleware"/>, which makes it, checks for
/// failover, runs one of the two pool endpoints and registers the request's two response callbacks
/// (<see cref="ProxiedRequest"/>); and those callbacks run where Kestrel runs them, naming the pool in
/// <c>X-BlueGreen-Pool</c> when the response starts and recording the request's metrics when it completes.
/// Target: at most 300 ns and 0 B for <see cref="FullStep"/> (issue 15; the first round's 150 ns is below what the
/// contract's response header alone costs, see benchmarks/README.md). <see cref="AsyncForwardingBenchmarks"/> runs
/// the same step around a forwarder that finishes later, as a proxied request does.
/// </summary>
[MemoryDiagnoser]
public class PerRequestStepBenchmarks
{
    private DataPlaneFixture _fixture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new DataPlaneFixture();

        SelectEndpoint();
        _fixture.VerifySelected();

        var before = _fixture.ReadMetrics();
        FullStep().GetAwaiter().GetResult();
        _fixture.VerifyCompleted(before);
    }

    /// <summary>The decision alone, read from the request's headers (a keep-alive connection's repeat request).</summary>
    [Benchmark(Baseline = true)]
    public Pool ChoosePool() => RequestAffinityReader.SelectPool(_fixture.Context, _fixture.Table.Current, ProxiedRequest.For(_fixture.Context).Cookies);

    /// <summary>
    /// The dispatch: the decision, the failover check, the request's callbacks registered, and the chosen pool's
    /// endpoint run (here it ends at once).
    /// </summary>
    [Benchmark]
    public Task SelectEndpoint()
    {
        // Also clears the callbacks the previous operation registered, as Kestrel does between requests.
        _fixture.BeginRequest();
        return _fixture.Dispatch.InvokeAsync(_fixture.Context);
    }

    /// <summary>
    /// The whole per-request step: endpoint selection, then the response's starting callbacks (the pool header)
    /// and completed callbacks (the metrics), as Kestrel runs them around the forwarder's response.
    /// </summary>
    [Benchmark]
    public Task FullStep()
    {
        // What Kestrel does for every request anyway, kept as small as possible here.
        _fixture.BeginRequest();

        _fixture.Dispatch.InvokeAsync(_fixture.Context).GetAwaiter().GetResult();

        // Any further per-request work the proxy gains belongs in this method too, so FullStep stays the whole
        // per-request cost measured against the target.
        return _fixture.RespondAsync();
    }

    /// <summary>
    /// <see cref="FullStep"/> for a request whose Cookie header the connection has not sent before (its first
    /// request, or the cookies changed), so both cookies are looked up by scanning it. Includes
    /// <see cref="ChangeCookieHeaderOnly"/>, the benchmark's own cost of swapping the header.
    /// </summary>
    [Benchmark]
    public Task FullStepNewCookieHeader()
    {
        _fixture.ChangeCookieHeaderInstance();
        return FullStep();
    }

    /// <summary>What <see cref="FullStepNewCookieHeader"/> spends on swapping the header, to subtract from it.</summary>
    [Benchmark]
    public void ChangeCookieHeaderOnly() => _fixture.ChangeCookieHeaderInstance();
}
