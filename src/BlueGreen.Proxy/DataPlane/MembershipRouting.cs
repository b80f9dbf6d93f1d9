namespace BlueGreen.Proxy.DataPlane;

/// <summary>Whether YARP routes by a committed membership change.</summary>
internal enum MembershipRouting
{
    /// <summary>YARP applied it: the next request is routed by it.</summary>
    Routed,

    /// <summary>Committed, and YARP is still applying it: it routes by it shortly.</summary>
    Applying,

    /// <summary>Committed, and YARP refused to apply it: it routes by the last membership it took.</summary>
    Failed,
}
