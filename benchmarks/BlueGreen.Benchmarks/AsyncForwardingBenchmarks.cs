using BenchmarkDotNet.Attributes;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The per-request step around a forwarder that is still running when it is awaited, as YARP's always is for a
/// proxied request: the endpoint selection, then an awaited forwarder that completes later, then the response's
/// starting and completed callbacks, as Kestrel runs them once the forwarder has answered. The forwarder is a
/// <see cref="TaskCompletionSource"/> completed on the same thread right after, so no thread hop is measured.
/// The awaiting method and the forwarder stand in for Kestrel's and YARP's own work and allocate the same in
/// both methods, so the difference from <see cref="ForwarderAlone"/> is what the proxy's step costs and
/// allocates when the request's state has to outlive an await.
/// </summary>
[MemoryDiagnoser]
public class AsyncForwardingBenchmarks
{
    private DataPlaneFixture _fixture = null!;
    private TaskCompletionSource _forwarding = new();

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new DataPlaneFixture();
        var before = _fixture.ReadMetrics();
        FullStep().GetAwaiter().GetResult();
        _fixture.VerifyCompleted(before);
    }

    /// <summary>The request without the proxy's step: the same reset, awaited forwarder and (empty) callback runs.</summary>
    [Benchmark(Baseline = true)]
    public Task ForwarderAlone()
    {
        _fixture.BeginRequest();
        return Forward();
    }

    /// <summary>The whole per-request step around a forwarder that finishes after it is awaited.</summary>
    [Benchmark]
    public Task FullStep()
    {
        _fixture.BeginRequest();
        _fixture.Dispatch.InvokeAsync(_fixture.Context).GetAwaiter().GetResult();
        return Forward();
    }

    private Task Forward()
    {
        _forwarding = new TaskCompletionSource();
        var serving = ServeAsync(_forwarding.Task);
        _forwarding.SetResult();
        return serving;
    }

    // Kestrel's part: the application's task (here the forwarder's) is awaited, the response starts when the
    // forwarder answers, and the completed callbacks run once it is done.
    private async Task ServeAsync(Task forwarding)
    {
        await forwarding.ConfigureAwait(false);
        await _fixture.RespondAsync().ConfigureAwait(false);
    }
}
