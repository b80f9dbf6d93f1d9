using System.Globalization;
using System.Text.Json;

namespace BlueGreen.Cli.Rendering;

/// <summary>Reads fields of the server's documents leniently: a missing or null field reads as empty, never throws.</summary>
public static class JsonFields
{
    /// <summary>A field's text (strings as they are, numbers and others as their JSON).</summary>
    public static string Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => value.GetRawText(),
            }
            : "";

    /// <summary>A field, or <see langword="null"/> when it is missing or null.</summary>
    public static JsonElement? Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>A numeric field, or <see langword="null"/>.</summary>
    public static double? Number(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    /// <summary>A number as a short invariant string (<c>95</c>, <c>99.5</c>).</summary>
    public static string Short(double? value, string format = "0.##") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
