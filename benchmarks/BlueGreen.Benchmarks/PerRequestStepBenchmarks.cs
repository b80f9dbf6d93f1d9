using BenchmarkDotNet.Attributes;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;

namespace BlueGreen.Benchmarks;

/// <summary>
/// Everything the proxy adds to a request (see <see cref="DataPlaneFixture"/> for the request), with a forwarder
/// that is done at once: the pool decision from the request's headers, <see cref="PoolEndpointSelectorPolicy"/>
/// keeping one of the two pool endpoints, and <see cref="PoolResponseMiddleware"/> naming the pool in the response
/// and recording the request's metrics.
/// Target: at most 150 ns and 0 B for <see cref="FullStep"/>. <see cref="AsyncForwardingBenchmarks"/> measures the
/// same step around a forwarder that finishes later, as a proxied request does.
/// </summary>
[MemoryDiagnoser]
public class PerRequestStepBenchmarks
{
    private DataPlaneFixture _fixture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new DataPlaneFixture(static _ => Task.CompletedTask);
        FullStep().GetAwaiter().GetResult();
        _fixture.VerifyStep();
    }

    /// <summary>The decision alone, read from the request's headers.</summary>
    [Benchmark(Baseline = true)]
    public Pool ChoosePool() => RequestPoolChooser.Choose(_fixture.Context, _fixture.Table.Current);

    /// <summary>The endpoint selector policy: the decision, then one of the two pool endpoints is dropped.</summary>
    [Benchmark]
    public Task SelectEndpoint()
    {
        _fixture.ResetCandidates();
        return _fixture.Policy.ApplyAsync(_fixture.Context, _fixture.Candidates);
    }

    /// <summary>The response middleware: names the pool in <c>X-BlueGreen-Pool</c> around the forwarder.</summary>
    [Benchmark]
    public Task NameServingPool()
    {
        _fixture.ResetResponse();
        return _fixture.Middleware.InvokeAsync(_fixture.Context);
    }

    /// <summary>The whole per-request step: endpoint selection, then the response middleware.</summary>
    [Benchmark]
    public Task FullStep()
    {
        // What Kestrel and the routing matcher do for every request anyway, kept as small as possible here.
        _fixture.ResetResponse();
        _fixture.ResetCandidates();

        var selecting = _fixture.Policy.ApplyAsync(_fixture.Context, _fixture.Candidates);
        if (!selecting.IsCompletedSuccessfully)
        {
            return SelectThenName(selecting);
        }

        // Metrics: PoolResponseMiddleware records the request's metrics itself, so they are measured here. Any
        // further per-request step the proxy gains belongs here too, so FullStep stays the whole per-request
        // cost measured against the 150 ns target.
        return _fixture.Middleware.InvokeAsync(_fixture.Context);
    }

    private async Task SelectThenName(Task selecting)
    {
        await selecting.ConfigureAwait(false);
        await _fixture.Middleware.InvokeAsync(_fixture.Context).ConfigureAwait(false);
    }
}
