namespace BlueGreen.Core.Routing;

/// <summary>
/// Holds the live <see cref="RoutingSnapshot"/>. Readers take one volatile read and never block; writers
/// publish a whole new snapshot.
/// </summary>
public sealed class RoutingTable
{
    private RoutingSnapshot _current;

    /// <summary>Creates a table that starts with <paramref name="initial"/>.</summary>
    public RoutingTable(RoutingSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The snapshot in force now.</summary>
    public RoutingSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="snapshot"/> the one in force for every request that starts from now on.</summary>
    public void Publish(RoutingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Interlocked.Exchange(ref _current, snapshot);
    }
}
