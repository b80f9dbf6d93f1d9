namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>One pool's destinations as the admin plane shows them.</summary>
internal sealed record PoolDocument(IReadOnlyList<DestinationDocument> Destinations);
