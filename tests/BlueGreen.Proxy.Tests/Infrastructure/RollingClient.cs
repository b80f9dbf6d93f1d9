using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>The admin plane's rolling-update routes as the tests use them.</summary>
internal static class RollingClient
{
    /// <summary>Starts a rolling update of <paramref name="pool"/>; asserts 201 and returns its document.</summary>
    public static async Task<JsonElement> StartRollingAsync(this HttpClient admin, string pool, object body)
    {
        using var response = await admin.PostAsJsonAsync($"/api/v1/pools/{pool}/rolling", body);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {document}");
        return document;
    }

    /// <summary>The current (or last) rolling update of <paramref name="pool"/>.</summary>
    public static async Task<JsonElement> CurrentRollingAsync(this HttpClient admin, string pool) =>
        await admin.GetFromJsonAsync<JsonElement>($"/api/v1/pools/{pool}/rolling/current");

    /// <summary>Posts a control (<c>continue</c>, <c>pause</c>, ...) and returns the answer.</summary>
    public static Task<HttpResponseMessage> ControlRollingAsync(this HttpClient admin, string pool, string control) =>
        admin.PostAsync($"/api/v1/pools/{pool}/rolling/current/{control}", null);

    /// <summary>Waits until the rolling update satisfies <paramref name="condition"/>; returns its document then.</summary>
    public static async Task<JsonElement> WaitForRollingAsync(
        this HttpClient admin, string pool, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var last = default(JsonElement);
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    last = await admin.CurrentRollingAsync(pool);
                    return condition(last);
                },
                what,
                timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (Xunit.Sdk.FailException)
        {
            Assert.Fail($"Timed out waiting for: {what}; the rolling update was {last}");
        }

        return last;
    }

    /// <summary>Waits until the rolling update is at <paramref name="batch"/> with <paramref name="status"/>.</summary>
    public static Task<JsonElement> WaitForRollingAsync(this HttpClient admin, string pool, string status, int? batch = null, TimeSpan? timeout = null) =>
        admin.WaitForRollingAsync(
            pool,
            r => r.Status() == status && (batch is null || r.GetProperty("batch").GetInt32() == batch),
            $"rolling update {status}" + (batch is null ? "" : $" at batch {batch}"),
            timeout);

    /// <summary>The pool's destinations in the state document: id to mode.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ModesAsync(this HttpClient admin, string pool)
    {
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/v1/state");
        return state.GetProperty("pools").GetProperty(pool).GetProperty("destinations").EnumerateArray()
            .ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("mode").GetString()!);
    }
}
