using System.Text.Json;

namespace BlueGreen.Proxy.Admin;

/// <summary>The admin plane's JSON rules: camelCase, strict numbers, no duplicate fields (as <see cref="AdminJsonContext"/> declares them).</summary>
internal static class AdminJson
{
    /// <summary>The largest request body the admin plane reads.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Gives the framework's <paramref name="options"/> (problem details, the OpenAPI document) the rules of
    /// <see cref="AdminJsonContext"/>, and its metadata first, so a Native AOT build describes every admin type.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        var rules = AdminJsonContext.Default.Options;
        options.PropertyNamingPolicy = rules.PropertyNamingPolicy;
        options.PropertyNameCaseInsensitive = rules.PropertyNameCaseInsensitive;
        options.NumberHandling = rules.NumberHandling;
        options.AllowDuplicateProperties = rules.AllowDuplicateProperties;
        options.DefaultIgnoreCondition = rules.DefaultIgnoreCondition;
        options.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default);
    }
}
