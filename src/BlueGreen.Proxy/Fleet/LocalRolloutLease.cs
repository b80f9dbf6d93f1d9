namespace BlueGreen.Proxy.Fleet;

/// <summary>A proxy alone (the file store): it always drives its rollouts.</summary>
internal sealed class LocalRolloutLease : IRolloutLease
{
    public Task<bool> TryHoldAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
