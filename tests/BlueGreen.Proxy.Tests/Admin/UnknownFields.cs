using System.Text.Json;

namespace BlueGreen.Proxy.Tests.Admin;

/// <summary>The extension data a request body gets for fields its route does not know.</summary>
internal static class UnknownFields
{
    /// <summary>Returns extension data holding <paramref name="fields"/>, each with the value 0.</summary>
    public static Dictionary<string, JsonElement> Named(params string[] fields) =>
        fields.ToDictionary(f => f, _ => JsonDocument.Parse("0").RootElement.Clone());
}
