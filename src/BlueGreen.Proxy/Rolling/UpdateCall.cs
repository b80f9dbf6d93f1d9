namespace BlueGreen.Proxy.Rolling;

/// <summary>
/// The update webhook's body (contract, section Rolling updates): <c>{ "pool", "batch", "destinations" }</c>, with
/// the rolling update's <c>id</c>, so a hook called again after a restart can tell the repeat.
/// </summary>
internal sealed record UpdateCall(string Id, string Pool, int Batch, IReadOnlyList<string> Destinations);
