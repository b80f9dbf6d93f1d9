using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin;

/// <summary>The admin plane's JSON rules: camelCase, strict numbers, no duplicate fields.</summary>
internal static class AdminJson
{
    /// <summary>The largest request body the admin plane reads.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Applies the rules to <paramref name="options"/> (the framework's or a new instance).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
