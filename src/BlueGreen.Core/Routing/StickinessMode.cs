namespace BlueGreen.Core.Routing;

/// <summary>What keeps a user on one pool while the weights stay.</summary>
public enum StickinessMode
{
    /// <summary>Every request is split independently.</summary>
    None,

    /// <summary>A cookie names the user; one is issued when absent.</summary>
    Cookie,

    /// <summary>A request header names the user; requests without it are split independently.</summary>
    Header,

    /// <summary>The client address names the user.</summary>
    ClientIp,
}
