using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>The admin plane's rollout routes as the tests use them.</summary>
internal static class RolloutClient
{
    /// <summary>Starts a rollout; asserts 201 and returns its document.</summary>
    public static async Task<JsonElement> StartRolloutAsync(this HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/rollouts", body);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {document}");
        return document;
    }

    /// <summary>The current (or last) rollout's document.</summary>
    public static async Task<JsonElement> CurrentRolloutAsync(this HttpClient admin) =>
        await admin.GetFromJsonAsync<JsonElement>("/api/v1/rollouts/current");

    /// <summary>Waits until the current rollout satisfies <paramref name="condition"/>; returns its document then.</summary>
    public static async Task<JsonElement> WaitForRolloutAsync(
        this HttpClient admin, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var last = default(JsonElement);
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    last = await admin.CurrentRolloutAsync();
                    return condition(last);
                },
                what,
                timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (Xunit.Sdk.FailException)
        {
            Assert.Fail($"Timed out waiting for: {what}; the rollout was {last}");
        }

        return last;
    }

    /// <summary>Waits for the rollout's status to become <paramref name="status"/>.</summary>
    public static Task<JsonElement> WaitForRolloutStatusAsync(this HttpClient admin, string status, TimeSpan? timeout = null) =>
        admin.WaitForRolloutAsync(r => r.GetProperty("status").GetString() == status, $"rollout status {status}", timeout);

    /// <summary>The audit history's actions, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> HistoryAsync(this HttpClient admin)
    {
        var events = await admin.GetFromJsonAsync<JsonElement>("/api/v1/history?limit=1000");
        return [.. events.EnumerateArray().Reverse()];
    }

    public static string Status(this JsonElement rollout) => rollout.GetProperty("status").GetString()!;

    public static string Verdict(this JsonElement rollout) => rollout.GetProperty("analysis").GetProperty("verdict").GetString()!;

    public static string Detail(this JsonElement rollout) => rollout.GetProperty("analysis").GetProperty("detail").GetString()!;
}
