using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Cli.Api;

/// <summary>How request bodies are written: camelCase names, unset (null) fields left out.</summary>
public static class CliJson
{
    /// <summary>The serializer options of every request body.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
