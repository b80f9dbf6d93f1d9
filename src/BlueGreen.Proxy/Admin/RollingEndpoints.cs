using System.Security.Cryptography;
using BlueGreen.Core.Membership;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Rolling updates through the admin plane: start one for a pool, read its current (or last) one, continue a batch
/// that waits for its update, pause, resume or abort it. Each change is committed through the switch like any other;
/// the rolling driver does the rest.
/// </summary>
internal static class RollingEndpoints
{
    public static void MapRollingEndpoints(this RouteGroupBuilder api)
    {
        var rolling = api.MapGroup("/pools/{pool}/rolling");
        rolling.MapPost("/", StartAsync).RequireAuthorization(AdminPolicies.Write).Writes<StartRollingRequest, RollingDocument>(StatusCodes.Status201Created);
        rolling.MapGet("/current", GetCurrent).Reads<RollingDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        var current = rolling.MapGroup("/current").RequireAuthorization(AdminPolicies.Write);
        current.MapPost("/continue", (HttpContext c, string pool, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, pool, s, RollingTransitions.ContinueAction, (state, target, now) => RollingTransitions.Continue(state, s.Membership.Configured, target, now), t))
            .Writes<ReasonOnlyRequest, RollingDocument>();
        current.MapPost("/pause", (HttpContext c, string pool, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, pool, s, RollingTransitions.PauseAction, (state, target, _) => RollingTransitions.Pause(state, target), t))
            .Writes<ReasonOnlyRequest, RollingDocument>();
        current.MapPost("/resume", (HttpContext c, string pool, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, pool, s, RollingTransitions.ResumeAction, RollingTransitions.Resume, t))
            .Writes<ReasonOnlyRequest, RollingDocument>();
        current.MapPost("/abort", (HttpContext c, string pool, [AsParameters] Services s, CancellationToken t) =>
            ControlAsync(c, pool, s, RollingTransitions.AbortAction, (state, target, now) => RollingTransitions.Abort(state, s.Membership.Configured, target, now), t))
            .Writes<ReasonOnlyRequest, RollingDocument>();
    }

    private static async Task<IResult> StartAsync(
        HttpContext context, string pool, IValidator<StartRollingRequest> validator, [AsParameters] Services services, CancellationToken cancellationToken)
    {
        if (!PoolNames.TryParse(pool, out var target))
        {
            return DestinationEndpoints.UnknownPool(pool);
        }

        // The destinations in rotation now are the ones updated; drained or disabled ones are left as they are.
        var destinations = services.Membership.List(target).Where(m => m.Mode == DestinationMode.Active).Select(m => m.Id).ToList();
        return await AdminWrites.ChangeAsync(
            context,
            validator,
            AdminJsonContext.Default.StartRollingRequest,
            services.States,
            whenEmpty: null,
            (request, change) => services.Switch.ProposeAsync(
                RollingTransitions.StartAction,
                state => RollingTransitions.Start(
                    state, request.ToPlan(target, destinations, services.Options.Drain.Timeout), NewId(), services.Time.GetUtcNow(), request.Reason),
                change,
                cancellationToken),
            cancellationToken,
            check: request => Fits(request, target, destinations),
            successStatusCode: StatusCodes.Status201Created,
            answer: (snapshot, statusCode) => Document(services, snapshot, target, statusCode)).ConfigureAwait(false);
    }

    /// <summary>A batch must leave a destination of the pool in rotation: the pool's last one is never taken out.</summary>
    private static IResult? Fits(StartRollingRequest request, Pool pool, IReadOnlyList<string> destinations)
    {
        if (destinations.Count < 2)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Too few destinations",
                detail: $"{pool.Name()} has {destinations.Count} destination(s) in rotation; a rolling update needs at least 2, so that one always serves.");
        }

        var size = request.BatchSize(destinations.Count);
        return size < destinations.Count
            ? null
            : Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["batch"] = [$"a batch of {size} would take all {destinations.Count} destinations of {pool.Name()} out of rotation; at most {destinations.Count - 1}."],
            });
    }

    private static IResult GetCurrent(HttpContext context, string pool, [AsParameters] Services services)
    {
        if (!PoolNames.TryParse(pool, out var target))
        {
            return DestinationEndpoints.UnknownPool(pool);
        }

        var snapshot = services.Table.Current;
        if (snapshot.RollingUpdateOf(target) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rolling update", detail: $"No rolling update of {target.Name()} has ever run.");
        }

        context.Response.Headers[HeaderNames.ETag] = IfMatchHeader.ETag(snapshot.Version);
        return Document(services, snapshot, target, StatusCodes.Status200OK);
    }

    private static async Task<IResult> ControlAsync(
        HttpContext context,
        string pool,
        Services services,
        string action,
        Func<RoutingSnapshot, Pool, DateTimeOffset, StateProposal> transition,
        CancellationToken cancellationToken)
    {
        if (!PoolNames.TryParse(pool, out var target))
        {
            return DestinationEndpoints.UnknownPool(pool);
        }

        return await AdminWrites.ChangeAsync(
            context,
            services.ReasonOnly,
            AdminJsonContext.Default.ReasonOnlyRequest,
            services.States,
            whenEmpty: () => new ReasonOnlyRequest(),
            (_, change) => services.Switch.ProposeAsync(action, state => transition(state, target, services.Time.GetUtcNow()), change, cancellationToken),
            cancellationToken,
            answer: (snapshot, statusCode) => Document(services, snapshot, target, statusCode)).ConfigureAwait(false);
    }

    private static IResult Document(Services services, RoutingSnapshot snapshot, Pool pool, int statusCode) =>
        Results.Json(services.Documents.Create(snapshot.RollingUpdateOf(pool)!), AdminJsonContext.Default.RollingDocument, statusCode: statusCode);

    private static string NewId() => $"rl-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    // Each [FromServices]: the request delegate generator of the Native AOT build would otherwise take each for a
    // possible JSON body and declare one, and routing would then refuse a body sent as a form (curl -d) with 415.
    /// <summary>The services every rolling route uses.</summary>
    internal sealed record Services(
        [FromServices] TrafficSwitch Switch,
        [FromServices] RoutingTable Table,
        [FromServices] TimeProvider Time,
        [FromServices] PoolMembership Membership,
        [FromServices] BlueGreenOptions Options,
        [FromServices] StateDocumentFactory States,
        [FromServices] RollingDocumentFactory Documents,
        [FromServices] IValidator<ReasonOnlyRequest> ReasonOnly);
}
