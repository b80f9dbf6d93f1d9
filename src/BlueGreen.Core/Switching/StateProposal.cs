using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Switching;

/// <summary>
/// What a change proposes, given the state in force: the next state (before its version is set) with its audit
/// description, or a refusal saying why the change no longer fits (answered as a conflict).
/// </summary>
public sealed class StateProposal
{
    private StateProposal(RoutingSnapshot? next, string from, string to, string? refusal, string? action)
    {
        Next = next;
        From = from;
        To = to;
        Refusal = refusal;
        Action = action;
    }

    /// <summary>The proposed state; null when refused.</summary>
    public RoutingSnapshot? Next { get; }

    /// <summary>The audit event's description of before.</summary>
    public string From { get; }

    /// <summary>The audit event's description of after.</summary>
    public string To { get; }

    /// <summary>Why the change was refused; null when it was not.</summary>
    public string? Refusal { get; }

    /// <summary>The audit action when the state decides it (a rollback that aborts a rollout); null: the caller's.</summary>
    public string? Action { get; }

    /// <summary>Proposes <paramref name="next"/>, audited under <paramref name="action"/> when given, else the caller's action.</summary>
    public static StateProposal Change(RoutingSnapshot next, string from, string to, string? action = null) => new(next, from, to, null, action);

    /// <summary>Refuses the change, saying why.</summary>
    public static StateProposal Refuse(string why) => new(null, "", "", why, null);

    /// <summary>This proposal audited under <paramref name="action"/>.</summary>
    public StateProposal As(string action) => new(Next, From, To, Refusal, action);
}
