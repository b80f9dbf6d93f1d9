using System.Net;
using BlueGreen.Cli.Api;

namespace BlueGreen.Cli.Tests.Api;

public sealed class ProblemLineTests
{
    [Fact]
    public void Format_ValidationProblem_GivesTitleAndEachFieldError()
    {
        const string body = """
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,
             "errors":{"weights":["The weights must sum to 100; they sum to 90."],"reason":["At most 200 characters.","Second."]}}
            """;

        var line = ProblemLine.Format(HttpStatusCode.BadRequest, body);

        Assert.Equal(
            "400 One or more validation errors occurred.: weights: The weights must sum to 100; they sum to 90.; reason: At most 200 characters. Second.",
            line);
    }

    [Fact]
    public void Format_TitleAndMultiLineDetail_IsOneLine()
    {
        var line = ProblemLine.Format(HttpStatusCode.Conflict, """{"title":"Rollout running","status":409,"detail":"A rollout to green runs.\nAbort it first."}""");

        Assert.Equal("409 Rollout running: A rollout to green runs. Abort it first.", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Format_NotJson_GivesStatusAndBodyText()
    {
        Assert.Equal("502 Server error: Bad gateway from nginx", ProblemLine.Format(HttpStatusCode.BadGateway, "Bad gateway\nfrom nginx"));
    }

    [Fact]
    public void Format_EmptyBody_GivesStatusAndItsName()
    {
        Assert.Equal("401 Unauthorized", ProblemLine.Format(HttpStatusCode.Unauthorized, ""));
    }

    [Fact]
    public void Format_TitleOnly_GivesStatusAndTitle()
    {
        Assert.Equal("404 Not Found", ProblemLine.Format(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}"""));
    }
}
