namespace BlueGreen.Core.Routing;

/// <summary>One of the two backend pools a request can be routed to.</summary>
public enum Pool
{
    /// <summary>The blue pool.</summary>
    Blue = 0,

    /// <summary>The green pool.</summary>
    Green = 1,
}
