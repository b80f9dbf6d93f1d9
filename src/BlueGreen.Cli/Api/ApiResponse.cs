using System.Net;
using System.Text.Json;

namespace BlueGreen.Cli.Api;

/// <summary>An answer of the admin API: its status, its body as sent, and the body parsed when it is JSON.</summary>
public sealed record ApiResponse(HttpStatusCode StatusCode, string Body, JsonElement? Json)
{
    /// <summary>Whether the server did what was asked (2xx).</summary>
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The parsed body.</summary>
    /// <exception cref="CliException">The body is not JSON.</exception>
    public JsonElement Document => Json ?? throw new CliException($"The server answered {(int)StatusCode} without a JSON body.");
}
