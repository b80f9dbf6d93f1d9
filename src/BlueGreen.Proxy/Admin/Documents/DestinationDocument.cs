namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>One destination: where it is, whether it is healthy, whether it takes new requests, and how many it serves now.</summary>
internal sealed record DestinationDocument(string Id, string Address, string Health, string Mode, int InFlight);
