namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>The body of <c>GET /api/v1/whoami</c>: the name of the token presented (<c>operator</c> or <c>viewer</c>).</summary>
internal sealed record WhoAmIDocument(string Name);
