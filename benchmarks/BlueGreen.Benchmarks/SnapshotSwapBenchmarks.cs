using BenchmarkDotNet.Attributes;
using BlueGreen.Core.Routing;

namespace BlueGreen.Benchmarks;

/// <summary>
/// Reads of <see cref="RoutingTable.Current"/>, alone and while another thread publishes new snapshots as fast
/// as it can. A reader takes one volatile read and no lock, so it never waits for a writer: the time per read
/// may grow only by what the processor's caches charge for a line another core keeps writing, and nothing is
/// allocated.
/// </summary>
[MemoryDiagnoser]
public class SnapshotSwapBenchmarks
{
    // Perf: one read is below the timer's resolution, so each invocation reads many times and reports per read.
    private const int ReadsPerInvoke = 1024;

    private RoutingTable _table = null!;
    private RoutingSnapshot[] _snapshots = null!;
    private Thread? _writer;
    private volatile bool _stopWriting;
    private long _published;

    [GlobalSetup(Target = nameof(Read))]
    public void SetupQuiet() => CreateTable();

    [GlobalSetup(Target = nameof(ReadWhilePublishing))]
    public void SetupWithWriter()
    {
        CreateTable();
        _stopWriting = false;
        _writer = new Thread(Publish) { IsBackground = true, Name = "snapshot writer" };
        _writer.Start();
    }

    [GlobalCleanup(Target = nameof(ReadWhilePublishing))]
    public void StopWriter()
    {
        _stopWriting = true;
        _writer?.Join();
        Console.WriteLine($"// Writer published {Interlocked.Read(ref _published):N0} snapshots during the run.");
    }

    /// <summary>Reads with no writer.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ReadsPerInvoke)]
    public long Read() => ReadMany(_table);

    /// <summary>Reads while a writer publishes without pause.</summary>
    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public long ReadWhilePublishing() => ReadMany(_table);

    private static long ReadMany(RoutingTable table)
    {
        // Each read is a volatile read, which the JIT may not hoist out of the loop; the sum keeps the reads alive.
        var sum = 0L;
        for (var i = 0; i < ReadsPerInvoke; i++)
        {
            sum += table.Current.Version;
        }

        return sum;
    }

    private void CreateTable()
    {
        // Two prepared snapshots to alternate between, so the writer allocates nothing that the diagnoser would count.
        _snapshots = [RealisticRequest.CanarySnapshot(version: 1), RealisticRequest.CanarySnapshot(version: 2)];
        _table = new RoutingTable(_snapshots[0]);
    }

    private void Publish()
    {
        var published = 0L;
        while (!_stopWriting)
        {
            _table.Publish(_snapshots[(int)(published & 1)]);
            published++;
        }

        Interlocked.Exchange(ref _published, published);
    }
}
