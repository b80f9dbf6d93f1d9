using BlueGreen.Core.Routing;

namespace BlueGreen.Core.Switching;

/// <summary>How audit events describe a routing state: its weights and its stable pool.</summary>
public static class StateWords
{
    /// <summary>Describes <paramref name="snapshot"/>, e.g. <c>blue=95,green=5, stable=blue</c>.</summary>
    public static string Describe(RoutingSnapshot snapshot) => $"{snapshot.Weights}, stable={snapshot.Stable.Name()}";
}
