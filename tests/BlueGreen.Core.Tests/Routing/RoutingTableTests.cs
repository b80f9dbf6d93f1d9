using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Tests.Routing;

public class RoutingTableTests
{
    [Fact]
    public void Constructor_NullSnapshot_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new RoutingTable(null!));
    }

    [Fact]
    public void Current_NothingPublished_IsTheInitialSnapshot()
    {
        var initial = CreateSnapshot(0);

        var table = new RoutingTable(initial);

        Assert.Same(initial, table.Current);
    }

    [Fact]
    public void Publish_NewSnapshot_BecomesCurrent()
    {
        var table = new RoutingTable(CreateSnapshot(0));
        var next = CreateSnapshot(1);

        table.Publish(next);

        Assert.Same(next, table.Current);
    }

    [Fact]
    public void Publish_Null_ThrowsAndKeepsCurrent()
    {
        var initial = CreateSnapshot(0);
        var table = new RoutingTable(initial);

        Assert.Throws<ArgumentNullException>(() => table.Publish(null!));

        Assert.Same(initial, table.Current);
    }

    [Fact]
    public async Task Current_ReadersDuringPublishes_OnlySeeWholePublishedSnapshotsInOrder()
    {
        const int publishes = 100_000;
        const int readers = 4;

        // Every snapshot is built up front, so a reader's snapshot must be one of these very objects, and its
        // fields must agree with each other (weights and stable pool are derived from the version).
        var snapshots = Enumerable.Range(0, publishes + 1).Select(v => CreateSnapshot(v)).ToArray();
        var table = new RoutingTable(snapshots[0]);

        var writerDone = 0;

        // The writer starts only once every reader is reading, so reads and publishes overlap whatever the
        // scheduler does, without waiting on the clock.
        using var readersStarted = new CountdownEvent(readers);

        var readerTasks = Enumerable.Range(0, readers).Select(_ => Task.Factory.StartNew(
            () =>
            {
                var last = -1L;
                var reads = 0L;
                while (Volatile.Read(ref writerDone) == 0)
                {
                    var seen = table.Current;

                    // Signal before asserting: a failed assertion must not leave the writer waiting forever.
                    if (reads++ == 0)
                    {
                        readersStarted.Signal();
                    }

                    AssertWhole(seen, snapshots);
                    Assert.True(seen.Version >= last, $"version went back from {last} to {seen.Version}");
                    last = seen.Version;
                }

                // The writer finished before the flag was set, so the last snapshot must be visible now.
                Assert.Same(snapshots[publishes], table.Current);
                return reads;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var writer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    readersStarted.Wait();
                    for (var v = 1; v <= publishes; v++)
                    {
                        table.Publish(snapshots[v]);
                    }
                }
                finally
                {
                    Volatile.Write(ref writerDone, 1);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await writer;
        var reads = await Task.WhenAll(readerTasks);

        Assert.All(reads, r => Assert.True(r > 0));
        Assert.Same(snapshots[publishes], table.Current);
    }

    private static void AssertWhole(RoutingSnapshot seen, RoutingSnapshot[] snapshots)
    {
        Assert.InRange(seen.Version, 0, snapshots.Length - 1);
        Assert.Same(snapshots[seen.Version], seen);
        Assert.Equal(seen.Version % (PoolWeights.Total + 1), seen.Weights.GreenBasisPoints);
        Assert.Equal(seen.Version % 2 == 0 ? Pool.Blue : Pool.Green, seen.Stable);
    }

    private static RoutingSnapshot CreateSnapshot(long version) =>
        new(
            version,
            PoolWeights.FromGreenBasisPoints((int)(version % (PoolWeights.Total + 1))),
            version % 2 == 0 ? Pool.Blue : Pool.Green,
            RoutingPolicy.Default);
}
