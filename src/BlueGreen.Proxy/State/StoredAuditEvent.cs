using BlueGreen.Core.State;

namespace BlueGreen.Proxy.State;

/// <summary>An audit event as stores serialize it.</summary>
internal sealed class StoredAuditEvent
{
    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public long Version { get; set; }

    public string? Reason { get; set; }

    public static StoredAuditEvent Of(AuditEvent e) => new()
    {
        At = e.At,
        Actor = e.Actor,
        Action = e.Action,
        From = e.From,
        To = e.To,
        Version = e.Version,
        Reason = e.Reason,
    };

    public AuditEvent ToAuditEvent() => new(At, Actor, Action, From, To, Version, Reason);
}
