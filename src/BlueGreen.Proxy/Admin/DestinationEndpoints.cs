using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.DataPlane;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Pool membership through the admin plane: add a destination, drain it, enable it, delete it. These routes only
/// map HTTP to <see cref="PoolMembership"/>, which commits each change and answers once it routes requests.
/// </summary>
internal static class DestinationEndpoints
{
    public static void MapDestinationEndpoints(this RouteGroupBuilder api)
    {
        var destinations = api.MapGroup("/pools/{pool}/destinations").RequireAuthorization(AdminPolicies.Write);
        destinations.MapPost("/", AddAsync).ChangesMembership<AddDestinationRequest>();
        destinations.MapPost("/{id}/drain", (HttpContext c, string pool, string id, [AsParameters] Services s, CancellationToken t) =>
            ChangeExistingAsync(c, pool, id, s, (target, request) => s.Membership.SetModeAsync("destination-drain", target, id, DestinationMode.Draining, request, t), StatusCodes.Status200OK, t))
            .ChangesMembership<ReasonOnlyRequest>();
        destinations.MapPost("/{id}/enable", (HttpContext c, string pool, string id, [AsParameters] Services s, CancellationToken t) =>
            ChangeExistingAsync(c, pool, id, s, (target, request) => s.Membership.SetModeAsync("destination-enable", target, id, DestinationMode.Active, request, t), StatusCodes.Status200OK, t))
            .ChangesMembership<ReasonOnlyRequest>();
        destinations.MapDelete("/{id}", (HttpContext c, string pool, string id, [AsParameters] Services s, CancellationToken t) =>
            ChangeExistingAsync(c, pool, id, s, (target, request) => s.Membership.DeleteAsync(target, id, request, t), StatusCodes.Status202Accepted, t))
            .ChangesMembership<ReasonOnlyRequest>(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> AddAsync(
        HttpContext context, string pool, IValidator<AddDestinationRequest> validator, [AsParameters] Services services, CancellationToken cancellationToken)
    {
        if (!PoolNames.TryParse(pool, out var target))
        {
            return UnknownPool(pool);
        }

        return await AdminWrites.WriteAsync(
            context,
            validator,
            AdminJsonContext.Default.AddDestinationRequest,
            services.Documents,
            whenEmpty: null,
            (request, change) => services.Membership.AddAsync(target, request.Id!, request.Address!, change, cancellationToken),
            cancellationToken,
            check: request => services.Membership.TryGet(target, request.Id!, out _)
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"'{request.Id}' is already a destination of {target.Name()}."] })
                : null).ConfigureAwait(false);
    }

    /// <summary>A change to an existing destination: its body may only give a reason.</summary>
    private static async Task<IResult> ChangeExistingAsync(
        HttpContext context,
        string pool,
        string id,
        Services services,
        Func<Pool, ChangeRequest, Task<MembershipChangeResult>> change,
        int successStatusCode,
        CancellationToken cancellationToken)
    {
        if (!PoolNames.TryParse(pool, out var target))
        {
            return UnknownPool(pool);
        }

        if (!services.Membership.TryGet(target, id, out _))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown destination", detail: $"{target.Name()} has no destination '{id}'.");
        }

        return await AdminWrites.WriteAsync(
            context,
            services.ReasonOnly,
            AdminJsonContext.Default.ReasonOnlyRequest,
            services.Documents,
            whenEmpty: () => new ReasonOnlyRequest(),
            (_, request) => change(target, request),
            cancellationToken,
            successStatusCode: successStatusCode).ConfigureAwait(false);
    }

    /// <summary>The 404 of a route whose <c>{pool}</c> is neither blue nor green.</summary>
    internal static IResult UnknownPool(string pool) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown pool", detail: $"'{pool}' is not a pool; the pools are blue and green.");

    // Each [FromServices]: the request delegate generator of the Native AOT build would otherwise take each for a
    // possible JSON body and declare one, and routing would then refuse a body sent as a form (curl -d) with 415.
    /// <summary>The services every destination route uses.</summary>
    internal sealed record Services(
        [FromServices] PoolMembership Membership,
        [FromServices] StateDocumentFactory Documents,
        [FromServices] IValidator<ReasonOnlyRequest> ReasonOnly);
}
