namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>One entry of <c>GET /api/v1/history</c>.</summary>
internal sealed record AuditEventDocument(DateTimeOffset At, string Actor, string Action, string From, string To, long Version, string? Reason);
