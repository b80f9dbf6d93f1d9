namespace BlueGreen.Core.Switching;

/// <summary>The <c>action</c> names of audit events and of the switches counted in metrics.</summary>
public static class AuditActions
{
    /// <summary>The split was set.</summary>
    public const string Weights = "weights";

    /// <summary>All traffic was switched to one pool, which became stable.</summary>
    public const string Switch = "switch";

    /// <summary>All traffic went back to the stable pool.</summary>
    public const string Rollback = "rollback";

    /// <summary>A proxy put the state in force back into a store that had lost it.</summary>
    public const string Restore = "state-restore";
}
