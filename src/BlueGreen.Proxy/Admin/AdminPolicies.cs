namespace BlueGreen.Proxy.Admin;

/// <summary>The admin plane's authentication scheme and authorization policies.</summary>
internal static class AdminPolicies
{
    /// <summary>The bearer-token scheme.</summary>
    public const string Scheme = "AdminToken";

    /// <summary>Any valid token: GET routes.</summary>
    public const string Read = "admin-read";

    /// <summary>The operator token only: routes that change state.</summary>
    public const string Write = "admin-write";
}
