using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using FluentValidation;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>What every admin write shares: read, validate, check If-Match, apply, answer with the new state.</summary>
internal static class AdminWrites
{
    /// <summary>The shape every state change shares: read, validate, check If-Match, apply, answer with the new state.</summary>
    public static async Task<IResult> ChangeAsync<TRequest>(
        HttpContext context,
        IValidator<TRequest> validator,
        StateDocumentFactory documents,
        Func<TRequest>? whenEmpty,
        Func<TRequest, ChangeRequest, Task<ChangeResult>> apply,
        CancellationToken cancellationToken,
        Func<TRequest, IResult?>? check = null,
        int successStatusCode = StatusCodes.Status200OK)
        where TRequest : AdminWriteRequest
    {
        if (!IfMatchHeader.TryRead(context.Request, out var expectedVersion, out var ifMatchProblem))
        {
            return ifMatchProblem!;
        }

        var (request, bodyProblem) = await JsonBody.ReadAsync(context.Request, whenEmpty, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return bodyProblem!;
        }

        var validation = await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return Results.ValidationProblem(validation.ToDictionary());
        }

        if (check?.Invoke(request) is { } refused)
        {
            return refused;
        }

        var actor = context.User.Identity?.Name ?? AdminTokens.OperatorName;
        var result = await apply(request, new ChangeRequest(actor, request.Reason, expectedVersion)).ConfigureAwait(false);
        if (result.Outcome == ChangeOutcome.VersionMismatch)
        {
            context.Response.Headers[HeaderNames.ETag] = IfMatchHeader.ETag(result.Snapshot.Version);
            return Results.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed,
                title: "Version mismatch",
                detail: $"The state is at version {result.Snapshot.Version}; read it again and retry with If-Match: {IfMatchHeader.ETag(result.Snapshot.Version)}.");
        }

        if (result.Outcome == ChangeOutcome.Conflict)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflicting change",
                detail: "Another change to the same destination landed first; read the state again and retry.");
        }

        return StateResult(context, documents, result.Snapshot, successStatusCode);
    }

    /// <summary>The state document with its ETag.</summary>
    public static IResult StateResult(HttpContext context, StateDocumentFactory documents, RoutingSnapshot snapshot, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.Headers[HeaderNames.ETag] = IfMatchHeader.ETag(snapshot.Version);
        return Results.Json(documents.Create(snapshot), statusCode: statusCode);
    }
}
