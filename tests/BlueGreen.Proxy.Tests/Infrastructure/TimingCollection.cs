namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Tests whose outcome depends on latency: xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
