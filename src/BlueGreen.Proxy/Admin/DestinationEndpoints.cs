using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.DataPlane;
using FluentValidation;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Pool membership through the admin plane: add a destination, drain it, enable it, delete it. Each change is
/// committed (a version and an audit event) first, then applied to YARP, and answered once it routes requests.
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
            async (request, change) =>
            {
                var result = await services.Switch.RecordAsync(
                    "destination-add", "-", $"{target.Name()}/{request.Id}={request.Address}", change, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == ChangeOutcome.Applied && services.Registry.TryAdd(target, request.Id!, request.Address!))
                {
                    await services.Applier.ApplyAsync(services.Registry.ActiveDestinations()).ConfigureAwait(false);
                }

                return result;
            },
            cancellationToken,
            check: request => services.Registry.TryGet(target, request.Id!, out _)
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"'{request.Id}' is already a destination of {target.Name()}."] })
                : null).ConfigureAwait(false);
    }

    private static async Task<IResult> SetModeAsync(
        HttpContext context, string pool, string id, DestinationMode mode, string action, Services services, CancellationToken cancellationToken)
    {
        if (!TryFind(pool, id, services.Registry, out var target, out var destination, out var notFound))
        {
            return notFound;
        }

        var name = $"{target.Name()}/{id}";
        var to = new RegisteredDestination(id, destination.Address, mode, destination.FromConfiguration).ModeName;
        return await AdminWrites.ChangeAsync(
            context,
            services.ReasonOnly,
            services.Documents,
            whenEmpty: () => new ReasonOnlyRequest(),
            async (_, change) =>
            {
                var result = await services.Switch.RecordAsync(action, $"{name} {destination.ModeName}", $"{name} {to}", change, cancellationToken)
                    .ConfigureAwait(false);
                if (result.Outcome == ChangeOutcome.Applied)
                {
                    services.Registry.SetMode(target, id, mode);
                    await services.Applier.ApplyAsync(services.Registry.ActiveDestinations()).ConfigureAwait(false);
                }

                return result;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> DeleteAsync(
        HttpContext context, string pool, string id, [AsParameters] Services services, DestinationDrainer drainer, CancellationToken cancellationToken)
    {
        if (!TryFind(pool, id, services.Registry, out var target, out var destination, out var notFound))
        {
            return notFound;
        }

        var name = $"{target.Name()}/{id}";
        return await AdminWrites.ChangeAsync(
            context,
            services.ReasonOnly,
            services.Documents,
            whenEmpty: () => new ReasonOnlyRequest(),
            async (_, change) =>
            {
                var result = await services.Switch.RecordAsync(
                    "destination-delete", $"{name} {destination.ModeName}", $"{name} draining, removed once drained", change, cancellationToken)
                    .ConfigureAwait(false);
                if (result.Outcome == ChangeOutcome.Applied)
                {
                    services.Registry.SetMode(target, id, DestinationMode.Draining);
                    await services.Applier.ApplyAsync(services.Registry.ActiveDestinations()).ConfigureAwait(false);
                    drainer.RemoveWhenDrained(target, id, change.Actor);
                }

                return result;
            },
            cancellationToken,
            successStatusCode: StatusCodes.Status202Accepted).ConfigureAwait(false);
    }

    private static bool TryFind(string pool, string id, DestinationRegistry registry, out Pool target, out RegisteredDestination destination, out IResult notFound)
    {
        destination = null!;
        notFound = null!;
        if (!PoolNames.TryParse(pool, out target))
        {
            notFound = UnknownPool(pool);
            return false;
        }

        if (!registry.TryGet(target, id, out destination))
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
