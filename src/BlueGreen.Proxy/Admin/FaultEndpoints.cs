using System.Security.Cryptography;
using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using FluentValidation;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Fire drills through the admin plane (operator token only): inject a fault into a share of a pool's requests with a
/// mandatory expiry, list them, remove one. Each is a committed, audited change of the routing state; none can be set
/// by configuration.
/// </summary>
internal static class FaultEndpoints
{
    public static void MapFaultEndpoints(this RouteGroupBuilder api)
    {
        var faults = api.MapGroup("/faults");
        faults.MapGet("/", (RoutingTable table) => Results.Json(table.Current.Faults.Select(FaultDocument.Of).ToArray(), AdminJsonContext.Default.FaultDocumentArray))
            .Reads<FaultDocument[]>();
        faults.MapPost("/", InjectAsync).RequireAuthorization(AdminPolicies.Write).Writes<InjectFaultRequest, FaultDocument>(StatusCodes.Status201Created);
        faults.MapDelete("/{id}", RemoveAsync).RequireAuthorization(AdminPolicies.Write).Writes<ReasonOnlyRequest, FaultDocument[]>();
    }

    private static Task<IResult> InjectAsync(
        HttpContext context, IValidator<InjectFaultRequest> validator, TrafficSwitch trafficSwitch, TimeProvider time, StateDocumentFactory documents,
        CancellationToken cancellationToken)
    {
        var id = $"fault-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        return AdminWrites.ChangeAsync(
            context,
            validator,
            AdminJsonContext.Default.InjectFaultRequest,
            documents,
            whenEmpty: null,
            (request, change) => trafficSwitch.ProposeAsync(
                FaultChanges.InjectAction, state => FaultChanges.Inject(state, request.ToFault(id, time.GetUtcNow())), change, cancellationToken),
            cancellationToken,
            successStatusCode: StatusCodes.Status201Created,
            answer: (snapshot, status) => Results.Json(FaultDocument.Of(snapshot.Faults.Single(f => f.Id == id)), AdminJsonContext.Default.FaultDocument, statusCode: status));
    }

    private static Task<IResult> RemoveAsync(
        HttpContext context, string id, IValidator<ReasonOnlyRequest> validator, TrafficSwitch trafficSwitch, RoutingTable table,
        StateDocumentFactory documents, CancellationToken cancellationToken)
    {
        if (table.Current.Faults.All(f => f.Id != id))
        {
            return Task.FromResult(Results.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Unknown fault", detail: $"There is no fault '{id}'; it may have expired."));
        }

        return AdminWrites.ChangeAsync(
            context,
            validator,
            AdminJsonContext.Default.ReasonOnlyRequest,
            documents,
            whenEmpty: () => new ReasonOnlyRequest(),
            (_, change) => trafficSwitch.ProposeAsync(FaultChanges.RemoveAction, state => FaultChanges.Remove(state, id), change, cancellationToken),
            cancellationToken,
            answer: (snapshot, status) => Results.Json(snapshot.Faults.Select(FaultDocument.Of).ToArray(), AdminJsonContext.Default.FaultDocumentArray, statusCode: status));
    }
}
