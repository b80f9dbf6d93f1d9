namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Names a write route's JSON body for the OpenAPI document only. The framework's own <c>Accepts</c> metadata would
/// also make routing refuse any other media type with 415, and the admin plane reads any body as JSON, so that
/// <c>curl -d '{...}'</c> (sent as a form) works.
/// </summary>
/// <param name="Type">The body's type.</param>
/// <param name="IsOptional">Whether the route also takes no body at all.</param>
internal sealed record JsonBodyMetadata(Type Type, bool IsOptional);
