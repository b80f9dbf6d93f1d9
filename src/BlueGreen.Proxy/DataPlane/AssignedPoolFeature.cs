using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Marks a request that failed over: the pool it was assigned to, which its metrics count under, differs from
/// the pool that serves it. One shared instance per pool, so marking allocates nothing.
/// </summary>
internal sealed class AssignedPoolFeature
{
    private static readonly AssignedPoolFeature[] Instances = [new(Pool.Blue), new(Pool.Green)];

    private AssignedPoolFeature(Pool pool)
    {
        Pool = pool;
    }

    public Pool Pool { get; }

    public static AssignedPoolFeature For(Pool pool) => Instances[(int)pool];
}
