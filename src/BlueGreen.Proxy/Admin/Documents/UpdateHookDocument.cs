namespace BlueGreen.Proxy.Admin.Documents;

/// <summary>A rolling update's update webhook: <c>{ url, timeout }</c>.</summary>
internal sealed record UpdateHookDocument(Uri Url, TimeSpan Timeout);
