namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>The split in percent.</summary>
internal sealed record WeightsDocument(decimal Blue, decimal Green);
