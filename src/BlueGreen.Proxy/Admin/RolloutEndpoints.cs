using System.Security.Cryptography;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Progressive rollouts through the admin plane: start one, read the current (or last) one, pause, resume, promote
/// or abort it. Each change is committed through the switch like any other; the rollout driver does the rest.
/// </summary>
internal static class RolloutEndpoints
{
    public static void MapRolloutEndpoints(this RouteGroupBuilder api)
    {
        var rollouts = api.MapGroup("/rollouts");
        rollouts.MapPost("/", StartAsync).RequireAuthorization(AdminPolicies.Write).Writes<StartRolloutRequest, RolloutDocument>(StatusCodes.Status201Created);
        rollouts.MapGet("/current", GetCurrent).Reads<RolloutDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        var current = rollouts.MapGroup("/current").RequireAuthorization(AdminPolicies.Write);
        current.MapPost("/pause", (HttpContext c, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, s, RolloutTransitions.PauseAction, (state, _) => RolloutTransitions.Pause(state), t))
            .Writes<ReasonOnlyRequest, RolloutDocument>();
        current.MapPost("/resume", (HttpContext c, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, s, RolloutTransitions.ResumeAction, RolloutTransitions.Resume, t))
            .Writes<ReasonOnlyRequest, RolloutDocument>();
        current.MapPost("/promote", (HttpContext c, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, s, RolloutTransitions.PromoteAction, RolloutTransitions.Promote, t))
            .Writes<ReasonOnlyRequest, RolloutDocument>();
        current.MapPost("/abort", (HttpContext c, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, s, RolloutTransitions.AbortAction, (state, now) => RolloutTransitions.Abort(state, now, allowRamp: true), t))
            .Writes<ReasonOnlyRequest, RolloutDocument>();
    }

    private static Task<IResult> StartAsync(
        HttpContext context, IValidator<StartRolloutRequest> validator, [AsParameters] Services services, CancellationToken cancellationToken) =>
        AdminWrites.ChangeAsync(
            context,
            validator,
            AdminJsonContext.Default.StartRolloutRequest,
            services.States,
            whenEmpty: null,
            (request, change) => services.Switch.ProposeAsync(
                RolloutTransitions.StartAction,
                state => RolloutTransitions.Start(state, request.ToPlan(), NewId(), services.Time.GetUtcNow(), request.Reason),
                change,
                cancellationToken),
            cancellationToken,
            // While a rollout runs, any start is a 409 (the transition says so), whatever its target.
            check: request => services.Table.Current.RunningRollout is null && PoolNames.TryParse(request.To, out var to) && to == services.Table.Current.Stable
                ? Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["to"] = [$"{to.Name()} is the stable pool; a rollout moves traffic to the other pool."],
                })
                : null,
            successStatusCode: StatusCodes.Status201Created,
            answer: (snapshot, statusCode) => Document(services, snapshot, statusCode));

    private static IResult GetCurrent(HttpContext context, [AsParameters] Services services)
    {
        var snapshot = services.Table.Current;
        if (snapshot.Rollout is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rollout", detail: "No rollout has ever run.");
        }

        context.Response.Headers[HeaderNames.ETag] = IfMatchHeader.ETag(snapshot.Version);
        return Document(services, snapshot, StatusCodes.Status200OK);
    }

    private static Task<IResult> ControlAsync(
        HttpContext context, Services services, string action, Func<RoutingSnapshot, DateTimeOffset, StateProposal> transition, CancellationToken cancellationToken) =>
        AdminWrites.ChangeAsync(
            context,
            services.ReasonOnly,
            AdminJsonContext.Default.ReasonOnlyRequest,
            services.States,
            whenEmpty: () => new ReasonOnlyRequest(),
            (_, change) => services.Switch.ProposeAsync(
                action, state => transition(state, services.Time.GetUtcNow()), change, cancellationToken),
            cancellationToken,
            answer: (snapshot, statusCode) => Document(services, snapshot, statusCode));

    private static IResult Document(Services services, RoutingSnapshot snapshot, int statusCode) =>
        Results.Json(services.Rollouts.Create(snapshot, snapshot.Rollout!), AdminJsonContext.Default.RolloutDocument, statusCode: statusCode);

    private static string NewId() => $"ro-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    // Each [FromServices]: the request delegate generator of the Native AOT build would otherwise take each for a
    // possible JSON body and declare one, and routing would then refuse a body sent as a form (curl -d) with 415.
    /// <summary>The services every rollout route uses.</summary>
    internal sealed record Services(
        [FromServices] TrafficSwitch Switch,
        [FromServices] RoutingTable Table,
        [FromServices] TimeProvider Time,
        [FromServices] StateDocumentFactory States,
        [FromServices] RolloutDocumentFactory Rollouts,
        [FromServices] IValidator<ReasonOnlyRequest> ReasonOnly);
}
