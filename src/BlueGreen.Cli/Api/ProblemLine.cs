using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace BlueGreen.Cli.Api;

/// <summary>
/// Turns a refusal of the server (RFC 9457 problem details, or any other body) into one readable line:
/// the status, the title, the detail, and each field error as <c>field: message</c>.
/// </summary>
public static class ProblemLine
{
    /// <summary>The line for an answer with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static string Format(HttpStatusCode status, string body)
    {
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{(int)status}");
        JsonElement? problem = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                using var document = JsonDocument.Parse(body);
                problem = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
        }
        catch (JsonException)
        {
            problem = null;
        }

        if (problem is not { } p)
        {
            var text = OneLine(body);
            line.Append(' ').Append(DefaultTitle(status));
            return text.Length == 0 ? line.ToString() : line.Append(": ").Append(text).ToString();
        }

        var title = StringOf(p, "title") ?? DefaultTitle(status);
        line.Append(' ').Append(OneLine(title));
        var parts = new List<string>();
        if (StringOf(p, "detail") is { Length: > 0 } detail)
        {
            parts.Add(OneLine(detail));
        }

        if (p.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())
                    : [field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText()];
                parts.Add($"{field.Name}: {OneLine(string.Join(" ", messages))}");
            }
        }

        return parts.Count == 0 ? line.ToString() : line.Append(": ").AppendJoin("; ", parts).ToString();
    }

    private static string? StringOf(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string DefaultTitle(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.PreconditionFailed => "Precondition Failed",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => (int)status >= 500 ? "Server error" : "Refused",
    };

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
