using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.State;

/// <summary>
/// The state stores' JSON (the state document and its audit events), source-generated so that a Native AOT build
/// needs no reflection, with the web defaults the stores have always written and read (camelCase, case-insensitive
/// names, numbers also from strings).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoredStateDocument))]
[JsonSerializable(typeof(StoredAuditEvent))]
internal sealed partial class StoredStateJsonContext : JsonSerializerContext
{
    /// <summary>The same, indented, as the file store has always written its file: an operator reads it too.</summary>
    public static StoredStateJsonContext Indented { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}
