using BlueGreen.Core.Membership;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.DataPlane;
using FluentValidation;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Pool membership through the admin plane: add a destination, drain it, enable it, delete it. Each change is
/// committed to the routing state (so it outlives restarts) with a version and an audit event first, then applied
/// to YARP, and answered once it routes requests.
/// </summary>
internal static class DestinationEndpoints
{
    public static void MapDestinationEndpoints(this RouteGroupBuilder api)
    {
        var destinations = api.MapGroup("/pools/{pool}/destinations").RequireAuthorization(AdminPolicies.Write);
        destinations.MapPost("/", AddAsync);
        destinations.MapPost("/{id}/drain", (HttpContext c, string pool, string id, [AsParameters] Services s, CancellationToken t) =>
            SetModeAsync(c, pool, id, DestinationMode.Draining, "destination-drain", s, t));
        destinations.MapPost("/{id}/enable", (HttpContext c, string pool, string id, [AsParameters] Services s, CancellationToken t) =>
            SetModeAsync(c, pool, id, DestinationMode.Active, "destination-enable", s, t));
        destinations.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> AddAsync(
        HttpContext context, string pool, IValidator<AddDestinationRequest> validator, [AsParameters] Services services, CancellationToken cancellationToken)
    {
        if (!PoolNames.TryParse(pool, out var target))
        {
            return UnknownPool(pool);
        }

        return await AdminWrites.ChangeAsync(
            context,
            validator,
            services.Documents,
            whenEmpty: null,
            (request, change) => CommitAndApplyAsync(
                services, "destination-add", current => services.Registry.Adding(current, target, request.Id!, request.Address!), change, cancellationToken),
            cancellationToken,
            check: request => services.Registry.TryGet(target, request.Id!, out _)
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"'{request.Id}' is already a destination of {target.Name()}."] })
                : null).ConfigureAwait(false);
    }

    private static Task<IResult> SetModeAsync(
        HttpContext context, string pool, string id, DestinationMode mode, string action, Services services, CancellationToken cancellationToken) =>
        ChangeExistingAsync(
            context, pool, id, services, action, (current, target) => services.Registry.SettingMode(current, target, id, mode), null, StatusCodes.Status200OK, cancellationToken);

    private static Task<IResult> DeleteAsync(
        HttpContext context, string pool, string id, [AsParameters] Services services, DestinationDrainer drainer, CancellationToken cancellationToken) =>
        ChangeExistingAsync(
            context,
            pool,
            id,
            services,
            "destination-delete",
            (current, target) => services.Registry.Deleting(current, target, id),
            (target, change) => drainer.RemoveWhenDrained(target, id, change.Actor),
            StatusCodes.Status202Accepted,
            cancellationToken);

    /// <summary>A change to an existing destination: its body may only give a reason.</summary>
    private static async Task<IResult> ChangeExistingAsync(
        HttpContext context,
        string pool,
        string id,
        Services services,
        string action,
        Func<DestinationOverrides, Pool, DestinationsChange?> change,
        Action<Pool, ChangeRequest>? whenApplied,
        int successStatusCode,
        CancellationToken cancellationToken)
    {
        if (!TryFind(pool, id, services.Registry, out var target, out var notFound))
        {
            return notFound;
        }

        return await AdminWrites.ChangeAsync(
            context,
            services.ReasonOnly,
            services.Documents,
            whenEmpty: () => new ReasonOnlyRequest(),
            async (_, request) =>
            {
                var result = await CommitAndApplyAsync(services, action, current => change(current, target), request, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == ChangeOutcome.Applied)
                {
                    whenApplied?.Invoke(target, request);
                }

                return result;
            },
            cancellationToken,
            successStatusCode: successStatusCode).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits the membership change (the registry follows commits), then gives it to YARP, so the answer comes only
    /// once the change routes requests.
    /// </summary>
    private static async Task<ChangeResult> CommitAndApplyAsync(
        Services services, string action, Func<DestinationOverrides, DestinationsChange?> change, ChangeRequest request, CancellationToken cancellationToken)
    {
        var result = await services.Switch.ChangeDestinationsAsync(action, change, request, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == ChangeOutcome.Applied)
        {
            await services.Applier.ApplyAsync(services.Registry).ConfigureAwait(false);
        }

        return result;
    }

    private static bool TryFind(string pool, string id, DestinationRegistry registry, out Pool target, out IResult notFound)
    {
        notFound = null!;
        if (!PoolNames.TryParse(pool, out target))
        {
            notFound = UnknownPool(pool);
            return false;
        }

        if (!registry.TryGet(target, id, out _))
        {
            notFound = Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown destination", detail: $"{target.Name()} has no destination '{id}'.");
            return false;
        }

        return true;
    }

    private static IResult UnknownPool(string pool) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown pool", detail: $"'{pool}' is not a pool; the pools are blue and green.");

    /// <summary>The services every destination route uses.</summary>
    internal sealed record Services(
        TrafficSwitch Switch,
        DestinationRegistry Registry,
        ProxyConfigApplier Applier,
        StateDocumentFactory Documents,
        IValidator<ReasonOnlyRequest> ReasonOnly);
}
