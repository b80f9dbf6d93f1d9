using System.Collections.Immutable;

namespace BlueGreen.Core.Rolling;

/// <summary>How a pool's destinations are cut into batches: in id order, each batch as large as asked, the last one maybe smaller.</summary>
public static class RollingBatches
{
    /// <summary>The size of a batch given as a share of <paramref name="destinations"/>: rounded up, at least one.</summary>
    public static int SizeOfPercent(decimal percent, int destinations) => Math.Max(1, (int)Math.Ceiling(percent * destinations / 100m));

    /// <summary>Cuts <paramref name="ids"/> (sorted by ordinal order) into batches of <paramref name="size"/>.</summary>
    public static ImmutableArray<ImmutableArray<string>> Cut(IEnumerable<string> ids, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return [.. ids.Order(StringComparer.Ordinal).Chunk(size).Select(chunk => chunk.ToImmutableArray())];
    }
}
