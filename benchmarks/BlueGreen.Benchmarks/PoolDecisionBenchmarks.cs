using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BlueGreen.Core.Routing;

namespace BlueGreen.Benchmarks;

/// <summary>
/// The pool decision alone (<see cref="PoolSelector"/> and the cookie scan and sticky hash that feed it), on
/// spans over prepared strings, so that no ASP.NET header lookup is in the numbers. Target: at most 20 ns and
/// 0 B per decision. Each method reads the snapshot once, as a request does.
/// </summary>
[MemoryDiagnoser]
public class PoolDecisionBenchmarks
{
    private RoutingTable _table = null!;

    // Fields rather than constants, so the JIT sees what a request gives it: strings it knows nothing about.
    private string _cookie = null!;
    private string _stickyId = null!;
    private string _overrideValue = null!;
    private readonly CookieValueCache _cookies = new();

    [GlobalSetup]
    public void Setup()
    {
        _table = new RoutingTable(RealisticRequest.CanarySnapshot());
        _cookie = RealisticRequest.Cookie;
        _stickyId = RealisticRequest.StickyId;
        _overrideValue = RealisticRequest.OverrideValue;
    }

    /// <summary>No stickiness: a random draw against the 95/5 split.</summary>
    [Benchmark(Baseline = true)]
    public Pool RandomSplit() => PoolSelector.Select(_table.Current, default);

    /// <summary>Cookie stickiness: find <c>bg-id</c> among six cookies, hash it, compare with the split.</summary>
    [Benchmark]
    public Pool StickyCookie()
    {
        var snapshot = _table.Current;
        CookieHeader.TryGetValue(_cookie, snapshot.Policy.StickinessName, out var id);
        var affinity = new RequestAffinity { StickyKey = MemoryMarshal.AsBytes(id) };
        return PoolSelector.Select(snapshot, affinity);
    }

    /// <summary>
    /// Cookie stickiness with the override enabled (the default), as <c>RequestAffinityReader</c> does it: the
    /// override cookie is looked for first and, absent as it almost always is, costs a scan of the whole header.
    /// </summary>
    [Benchmark]
    public Pool StickyCookieWithOverrideEnabled()
    {
        var snapshot = _table.Current;
        ReadOnlySpan<char> cookie = _cookie;
        CookieHeader.TryGetValue(cookie, RoutingPolicy.OverrideCookie, out var overrideCookie);
        CookieHeader.TryGetValue(cookie, snapshot.Policy.StickinessName, out var id);
        var affinity = new RequestAffinity { OverrideCookie = overrideCookie, StickyKey = MemoryMarshal.AsBytes(id) };
        return PoolSelector.Select(snapshot, affinity);
    }

    /// <summary>
    /// <see cref="StickyCookieWithOverrideEnabled"/> on a keep-alive connection's repeat request: Kestrel hands it
    /// the same Cookie string as before, so <see cref="CookieValueCache"/> knows where both cookies are and the
    /// sticky id's bucket.
    /// </summary>
    [Benchmark]
    public Pool StickyCookieWithOverrideEnabledRepeat()
    {
        var snapshot = _table.Current;
        _cookies.Read(_cookie, RoutingPolicy.OverrideCookie, snapshot.Policy.StickinessName, out var overrideCookie, out var id, out var bucket);
        var affinity = new RequestAffinity { OverrideCookie = overrideCookie, StickyKey = MemoryMarshal.AsBytes(id), KnownStickyBucket = bucket };
        return PoolSelector.Select(snapshot, affinity);
    }

    /// <summary>Header stickiness: hash the header's value, compare with the split.</summary>
    [Benchmark]
    public Pool StickyHeader()
    {
        var affinity = new RequestAffinity { StickyKey = MemoryMarshal.AsBytes(_stickyId.AsSpan()) };
        return PoolSelector.Select(_table.Current, affinity);
    }

    /// <summary>A tester's <c>X-BlueGreen-Pool: green</c>: parsed and obeyed before any split.</summary>
    [Benchmark]
    public Pool OverrideHeader()
    {
        var affinity = new RequestAffinity { OverrideHeader = _overrideValue };
        return PoolSelector.Select(_table.Current, affinity);
    }
}
