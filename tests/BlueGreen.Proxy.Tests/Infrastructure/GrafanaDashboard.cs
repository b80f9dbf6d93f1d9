using System.Text.Json;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>The shipped Grafana dashboard, <c>config/grafana/bluegreen-dashboard.json</c>, read as JSON.</summary>
internal static class GrafanaDashboard
{
    public static async Task<JsonDocument> LoadAsync() =>
        JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("config/grafana/bluegreen-dashboard.json")));

    /// <summary>Every <c>expr</c> string anywhere in <paramref name="element"/> (panel targets, nested rows, ...).</summary>
    public static IEnumerable<string> Expressions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }

                foreach (var inner in Expressions(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray().SelectMany(Expressions))
            {
                yield return item;
            }
        }
    }
}
