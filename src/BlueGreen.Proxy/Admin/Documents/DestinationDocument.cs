namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>
/// One destination: where it is, whether it is healthy, whether it takes new requests, how many it serves now, and
/// whether it warms up (slow start) with the share of its full share it gets now (1 when warm).
/// </summary>
internal sealed record DestinationDocument(string Id, string Address, string Health, string Mode, int InFlight, bool WarmingUp, double Share);
