using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BlueGreen.Benchmarks;

/// <summary>
/// Kestrel's own request and response header collections, so the benchmarks' header lookups cost what they cost
/// in the server: known headers (Cookie) sit in fields, others (the override and pool headers) in a
/// case-insensitive dictionary that exists only once one is set. The types are internal to Kestrel, hence
/// reflection, once per fixture; a Kestrel update that renames them fails the benchmark's setup loudly.
/// </summary>
internal static class KestrelHeaders
{
    private const string Namespace = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.";

    /// <summary>A request's headers as Kestrel parses them, reusing equal values across requests (its default).</summary>
    public static IHeaderDictionary CreateRequestHeaders() => Create("HttpRequestHeaders", true, null);

    /// <summary>A response's headers as Kestrel keeps them.</summary>
    public static IHeaderDictionary CreateResponseHeaders() => Create("HttpResponseHeaders", [null]);

    private static IHeaderDictionary Create(string typeName, params object?[] arguments)
    {
        var type = typeof(KestrelServerOptions).Assembly.GetType(Namespace + typeName, throwOnError: true)!;
        return (IHeaderDictionary)Activator.CreateInstance(type, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null, arguments, null)!;
    }
}
