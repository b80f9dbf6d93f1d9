using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.DataPlane;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The parts of <see cref="PerRequestStepBenchmarks.FullStep"/> one at a time, on the same fixture, to show where
/// its time goes, including the fixture's own stand-in for Kestrel (<see cref="ResetOnly"/>,
/// <see cref="ResetAndRespondOnly"/>). Parts that need a fresh response include the reset; subtract
/// <see cref="ResetOnly"/> from them. Rough: parts measured apart do not add up exactly to the whole.
/// </summary>
[MemoryDiagnoser]
public class PerRequestStepPartsBenchmarks
{
    private static readonly Func<object, Task> Nothing = static _ => Task.CompletedTask;

    private DataPlaneFixture _fixture = null!;
    private object _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new DataPlaneFixture();
        _state = ProxiedRequest.For(_fixture.Context);
    }

    /// <summary>The fixture's reset of the response before each request (Kestrel's own does the same).</summary>
    [Benchmark(Baseline = true)]
    public void ResetOnly() => _fixture.BeginRequest();

    /// <summary>The fixture's reset, then the response started and completed with no callback to run.</summary>
    [Benchmark]
    public Task ResetAndRespondOnly()
    {
        _fixture.BeginRequest();
        return _fixture.RespondAsync();
    }

    /// <summary>Finding the context's <see cref="ProxiedRequest"/>.</summary>
    [Benchmark]
    public object ProxiedRequestLookup() => ProxiedRequest.For(_fixture.Context);

    /// <summary>One clock read.</summary>
    [Benchmark]
    public long ClockRead() => Stopwatch.GetTimestamp();

    /// <summary>The failover check for a pool that has a healthy destination.</summary>
    [Benchmark]
    public Pool FailoverCheck() => _fixture.Failover.Route(Pool.Blue);

    /// <summary>Reset, then a starting and a completed callback registered (that do nothing).</summary>
    [Benchmark]
    public void ResetAndRegisterTwoCallbacks()
    {
        _fixture.BeginRequest();
        var response = _fixture.Context.Response;
        response.OnStarting(Nothing, _state);
        response.OnCompleted(Nothing, _state);
    }

    /// <summary>Reset, two callbacks that do nothing registered, and run where Kestrel runs them.</summary>
    [Benchmark]
    public Task ResetRegisterAndRunTwoCallbacks()
    {
        ResetAndRegisterTwoCallbacks();
        return _fixture.RespondAsync();
    }

    /// <summary>Reset, then <c>X-BlueGreen-Pool</c> set in Kestrel's response headers (the reset then clears it).</summary>
    [Benchmark]
    public void ResetAndSetPoolHeader()
    {
        _fixture.BeginRequest();
        _fixture.Context.Response.Headers[ProxiedRequest.ServedByHeader] = PoolNames.Blue;
    }

    /// <summary><c>X-BlueGreen-Pool</c> set again over itself, no reset: the set alone, without the clear.</summary>
    [Benchmark]
    public void SetPoolHeaderOverItself() => _fixture.Context.Response.Headers[ProxiedRequest.ServedByHeader] = PoolNames.Blue;

    /// <summary>The request counter and duration histogram.</summary>
    [Benchmark]
    public void RecordMetrics() => _fixture.Metrics.RecordRequest(Pool.Blue, 200, TimeSpan.FromMilliseconds(3));

    /// <summary>The canary outcome.</summary>
    [Benchmark]
    public void RecordOutcome() => _fixture.Outcomes.Record(Pool.Blue, false, false, 3000);
}
