namespace BlueGreen.Proxy.Admin.Dashboard;

/// <summary>One file of the dashboard, read once from the assembly's embedded resources.</summary>
internal sealed record DashboardAsset(string Path, string ContentType, ReadOnlyMemory<byte> Content);
