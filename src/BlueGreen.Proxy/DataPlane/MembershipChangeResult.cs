using BlueGreen.Core.Switching;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>How a membership change ended: committed or not, and whether YARP routes by it yet.</summary>
/// <param name="Change">The switch's answer: applied (committed), version mismatch or conflict.</param>
/// <param name="Routing">For a committed change, how far YARP got; <see cref="MembershipRouting.Routed"/> otherwise.</param>
/// <param name="Problem">Why YARP does not route by a committed change, when it failed to apply it.</param>
internal sealed record MembershipChangeResult(ChangeResult Change, MembershipRouting Routing, string? Problem = null);
