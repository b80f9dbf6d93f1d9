using BlueGreen.Core.Analysis;

namespace BlueGreen.Proxy.Fleet;

/// <summary>One proxy's outcome totals as published to Redis: when, and each pool's counts with a sparse histogram.</summary>
internal sealed class PublishedOutcomes
{
    public long AtUnixMs { get; set; }

    public PublishedPool Blue { get; set; } = new();

    public PublishedPool Green { get; set; } = new();

    /// <summary>One pool's totals; the latency histogram as [bucket, count] pairs of its non-empty buckets.</summary>
    internal sealed class PublishedPool
    {
        public long Requests { get; set; }

        public long Errors { get; set; }

        public long FailedOver { get; set; }

        public long Ejections { get; set; }

        public List<long[]> Latency { get; set; } = [];

        public static PublishedPool Of(OutcomeTotals totals) => new()
        {
            Requests = totals.Requests,
            Errors = totals.Errors,
            FailedOver = totals.FailedOver,
            Ejections = totals.Ejections,
            Latency = [.. totals.Latency.Select((count, bucket) => new[] { bucket, count }).Where(pair => pair[1] != 0)],
        };

        public OutcomeTotals ToTotals()
        {
            var latency = new long[LatencyHistogram.BucketCount];
            foreach (var pair in Latency)
            {
                if (pair is [var bucket, var count] && bucket >= 0 && bucket < latency.Length)
                {
                    latency[bucket] = count;
                }
            }

            return new OutcomeTotals(Requests, Errors, FailedOver, Ejections, latency);
        }
    }
}
