using System.Text.Json;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>Reads a <c>GET /api/v1/state</c> document the way the tests compare it.</summary>
internal static class StateJson
{
    /// <summary>The pool's destinations as (id, mode), in the document's order.</summary>
    public static List<(string? Id, string? Mode)> Destinations(JsonElement state, string pool) =>
        [.. state.GetProperty("pools").GetProperty(pool).GetProperty("destinations").EnumerateArray()
            .Select(d => (d.GetProperty("id").GetString(), d.GetProperty("mode").GetString()))];
}
