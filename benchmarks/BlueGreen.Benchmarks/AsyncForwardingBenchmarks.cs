using BenchmarkDotNet.Attributes;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The per-request step around a forwarder that is still running when the middleware gets its task back, as
/// YARP's always is for a proxied request. The forwarder is a <see cref="TaskCompletionSource"/> completed on the
/// same thread right after, so no thread hop is measured; it allocates the same in every method, so the
/// difference from <see cref="ForwarderAlone"/> is what the proxy's own step costs and allocates.
/// </summary>
[MemoryDiagnoser]
public class AsyncForwardingBenchmarks
{
    private DataPlaneFixture _fixture = null!;
    private TaskCompletionSource _forwarding = new();

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new DataPlaneFixture(_ => _forwarding.Task);
        FullStep().GetAwaiter().GetResult();
        _fixture.VerifyStep();
    }

    /// <summary>The forwarder stand-in alone: what every method here pays besides the proxy's step.</summary>
    [Benchmark(Baseline = true)]
    public Task ForwarderAlone()
    {
        _forwarding = new TaskCompletionSource();
        var forwarded = _forwarding.Task;
        _forwarding.SetResult();
        return forwarded;
    }

    /// <summary>The response middleware around a forwarder that finishes after the middleware returns.</summary>
    [Benchmark]
    public Task NameServingPool()
    {
        _fixture.ResetResponse();
        _forwarding = new TaskCompletionSource();
        var named = _fixture.Middleware.InvokeAsync(_fixture.Context);
        _forwarding.SetResult();
        return named;
    }

    /// <summary>The whole per-request step (endpoint selection, then the middleware) around that forwarder.</summary>
    [Benchmark]
    public Task FullStep()
    {
        _fixture.ResetResponse();
        _fixture.ResetCandidates();
        _forwarding = new TaskCompletionSource();

        var selecting = _fixture.Policy.ApplyAsync(_fixture.Context, _fixture.Candidates);
        if (!selecting.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The endpoint selector policy is synchronous.");
        }

        // Metrics: recorded by the middleware when the forwarder completes; see PerRequestStepBenchmarks.FullStep.
        var named = _fixture.Middleware.InvokeAsync(_fixture.Context);
        _forwarding.SetResult();
        return named;
    }
}
