using System.Text.Json.Serialization.Metadata;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.DataPlane;
using FluentValidation;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>What every admin write shares: read, validate, check If-Match, apply, answer with the new state.</summary>
internal static class AdminWrites
{
    /// <summary>
    /// The shape every state change shares: read, validate, check If-Match, apply, answer with the new state (or with
    /// what <paramref name="answer"/> builds from it, as the rollout and fault routes do).
    /// </summary>
    public static Task<IResult> ChangeAsync<TRequest>(
        HttpContext context,
        IValidator<TRequest> validator,
        JsonTypeInfo<TRequest> requestJson,
        StateDocumentFactory documents,
        Func<TRequest>? whenEmpty,
        Func<TRequest, ChangeRequest, Task<ChangeResult>> apply,
        CancellationToken cancellationToken,
        Func<TRequest, IResult?>? check = null,
        int successStatusCode = StatusCodes.Status200OK,
        Func<RoutingSnapshot, int, IResult>? answer = null)
        where TRequest : AdminWriteRequest =>
        WriteAsync(
            context,
            validator,
            requestJson,
            documents,
            whenEmpty,
            async (request, change) => new MembershipChangeResult(await apply(request, change).ConfigureAwait(false), MembershipRouting.Routed),
            cancellationToken,
            check,
            successStatusCode,
            answer);

    /// <summary>
    /// As <see cref="ChangeAsync{TRequest}"/>, for a change of pool membership, which is answered by how far YARP got: 202
    /// when it is committed and YARP is still applying it, 500 naming the committed version when YARP refused it.
    /// <paramref name="answer"/> builds a success's body from the new state and the status code (the state document
    /// by default), always with the new ETag.
    /// </summary>
    public static async Task<IResult> WriteAsync<TRequest>(
        HttpContext context,
        IValidator<TRequest> validator,
        JsonTypeInfo<TRequest> requestJson,
        StateDocumentFactory documents,
        Func<TRequest>? whenEmpty,
        Func<TRequest, ChangeRequest, Task<MembershipChangeResult>> apply,
        CancellationToken cancellationToken,
        Func<TRequest, IResult?>? check = null,
        int successStatusCode = StatusCodes.Status200OK,
        Func<RoutingSnapshot, int, IResult>? answer = null)
        where TRequest : AdminWriteRequest
    {
        if (!IfMatchHeader.TryRead(context.Request, out var expectedVersion, out var ifMatchProblem))
        {
            return ifMatchProblem!;
        }

        var (request, bodyProblem) = await JsonBody.ReadAsync(context.Request, requestJson, whenEmpty, cancellationToken).ConfigureAwait(false);
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
        var (result, routing, problem) = await apply(request, new ChangeRequest(actor, request.Reason, expectedVersion)).ConfigureAwait(false);
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
                detail: result.Detail ?? "The change no longer fits the state; read the state again and retry.");
        }

        answer ??= (snapshot, statusCode) => StateResult(context, documents, snapshot, statusCode);
        context.Response.Headers[HeaderNames.ETag] = IfMatchHeader.ETag(result.Snapshot.Version);
        return routing switch
        {
            MembershipRouting.Routed => answer(result.Snapshot, successStatusCode),

            // True and useful: the change is stored and will route; the caller may poll the state.
            MembershipRouting.Applying => answer(result.Snapshot, StatusCodes.Status202Accepted),
            _ => Results.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Committed, not routed",
                detail: $"The change is committed as version {result.Snapshot.Version}, but YARP refused to apply it, so requests " +
                        $"are still routed by the pools it had: {problem}"),
        };
    }

    /// <summary>The state document with its ETag.</summary>
    public static IResult StateResult(HttpContext context, StateDocumentFactory documents, RoutingSnapshot snapshot, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.Headers[HeaderNames.ETag] = IfMatchHeader.ETag(snapshot.Version);
        return Results.Json(documents.Create(snapshot), AdminJsonContext.Default.StateDocument, statusCode: statusCode);
    }
}
