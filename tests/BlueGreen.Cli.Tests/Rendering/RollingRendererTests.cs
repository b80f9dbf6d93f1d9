using System.Text.Json;
using BlueGreen.Cli.Rendering;

namespace BlueGreen.Cli.Tests.Rendering;

public sealed class RollingRendererTests
{
    [Fact]
    public void PlainLines_BatchWaitingForAnOperator_AddsTheContinueLine()
    {
        var lines = RollingRenderer.PlainLines(Rolling("waitingForUpdate", "updating", batch: 1, update: "null")).ToList();

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("rolling rl-1 of blue: waitingForUpdate, batch 2/3 (b2) updating, 1/3 updated; verdict waiting; updated 12 requests", lines[0]);
        Assert.Equal("waiting for the update of b2: once it is done, run: bluegreen rolling continue blue", lines[1]);
    }

    [Fact]
    public void PlainLines_BatchWaitingForTheWebhook_IsOneLine()
    {
        var rolling = Rolling("waitingForUpdate", "updating", batch: 1, update: """{ "url": "http://deployer/update", "timeout": "00:05:00" }""");

        Assert.Single(RollingRenderer.PlainLines(rolling));
    }

    [Fact]
    public void Batches_Paused_SaysWhatBecameOfEachBatch()
    {
        var output = new StringWriter();
        ConsoleFactory.Create(output, outputIsTerminal: false).Write(RollingRenderer.Batches(Rolling("paused", "judging", batch: 1, update: "null")));

        var rows = output.ToString().Split('\n').Select(row => string.Join(' ', row.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("1 b1 updated", rows);
        Assert.Contains("2 b2 judging, paused", rows);
        Assert.Contains("3 b3 not yet", rows);
    }

    [Fact]
    public void ChangeKey_OnlyTheFiguresChanged_IsTheSame() =>
        Assert.Equal(
            RollingRenderer.ChangeKey(Rolling("progressing", "judging", batch: 1, update: "null")),
            RollingRenderer.ChangeKey(Rolling("progressing", "judging", batch: 1, update: "null", requests: 40)));

    private static JsonElement Rolling(string status, string phase, int batch, string update, int requests = 12)
    {
        var updated = batch == 0 ? "[]" : """["b1"]""";
        var json = $$"""
            {
              "id": "rl-1", "pool": "blue", "status": "{{status}}", "batch": {{batch}}, "batches": [["b1"], ["b2"], ["b3"]],
              "updated": {{updated}}, "phase": "{{phase}}", "pause": "00:00:30", "drainTimeout": "00:00:30", "healthTimeout": "00:01:00",
              "update": {{update}}, "reason": null,
              "analysis": {
                "verdict": "waiting", "detail": "waiting",
                "updated": { "requests": {{requests}}, "errors": 0, "errorRate": 0, "p99Ms": 4.5 },
                "notUpdated": { "requests": 30, "errors": 0, "errorRate": 0, "p99Ms": 3.1 }
              }
            }
            """;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
