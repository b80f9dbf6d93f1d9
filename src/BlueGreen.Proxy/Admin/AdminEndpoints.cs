using System.Globalization;
using BlueGreen.Core.Routing;
using BlueGreen.Core.State;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.DataPlane;
using FluentValidation;

namespace BlueGreen.Proxy.Admin;

/// <summary>The admin plane's routes, as the contract names them.</summary>
internal static class AdminEndpoints
{
    private const int DefaultHistoryLimit = 100;

    // Every store keeps at least this many events, as the contract asks.
    private const int HistoryLimit = 1000;

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).Produces<string>(StatusCodes.Status200OK, "text/plain");
        app.MapGet("/readyz", (TrafficSwitch trafficSwitch, PoolAvailability availability) =>
            !trafficSwitch.IsLoaded
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "The routing state is not loaded yet.")
                : !PoolNames.All.Any(availability.HasAvailableDestination)
                    ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "No pool has a healthy destination.")
                    : Results.Text("ready\n"))
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var api = app.MapGroup("/api/v1").RequireAuthorization(AdminPolicies.Read);

        // While a shared store has not answered yet, nothing is loaded to change: writes wait for the state.
        api.AddEndpointFilter(async (context, next) =>
            HttpMethods.IsGet(context.HttpContext.Request.Method) || context.HttpContext.RequestServices.GetRequiredService<TrafficSwitch>().IsLoaded
                ? await next(context).ConfigureAwait(false)
                : Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "State store unavailable",
                    detail: "The routing state is not loaded yet: the state store has not answered since start-up."));
        api.MapGet("/state", GetState).Reads<StateDocument>();
        api.MapGet("/history", GetHistoryAsync).Reads<AuditEventDocument[]>().ProducesValidationProblem();
        api.MapGet("/whoami", GetWhoAmI).Reads<WhoAmIDocument>();
        api.MapPut("/weights", PutWeightsAsync).RequireAuthorization(AdminPolicies.Write).Writes<WeightsRequest, StateDocument>();
        api.MapPost("/switch", PostSwitchAsync).RequireAuthorization(AdminPolicies.Write).Writes<SwitchRequest, StateDocument>();
        api.MapPost("/rollback", PostRollbackAsync).RequireAuthorization(AdminPolicies.Write).Writes<ReasonOnlyRequest, StateDocument>();
        api.MapDestinationEndpoints();
        api.MapRolloutEndpoints();
        api.MapFaultEndpoints();
        api.MapRollingEndpoints();
    }

    private static IResult GetState(HttpContext context, RoutingTable table, StateDocumentFactory documents) =>
        AdminWrites.StateResult(context, documents, table.Current);

    // The dashboard asks which token it holds, to show the operator's controls or none.
    private static IResult GetWhoAmI(HttpContext context) =>
        Results.Json(new WhoAmIDocument(context.User.Identity?.Name ?? AdminTokens.ViewerName), AdminJsonContext.Default.WhoAmIDocument);

    private static async Task<IResult> GetHistoryAsync(HttpContext context, IStateStore store, CancellationToken cancellationToken)
    {
        var limit = DefaultHistoryLimit;
        var requested = context.Request.Query["limit"].ToString();
        if (requested.Length > 0 &&
            (!int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > HistoryLimit))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"'{requested}' must be a whole number from 1 to {HistoryLimit}."],
            });
        }

        var events = await store.ReadHistoryAsync(limit, cancellationToken).ConfigureAwait(false);
        return Results.Json(
            events.Select(e => new AuditEventDocument(e.At, e.Actor, e.Action, e.From, e.To, e.Version, e.Reason)).ToArray(),
            AdminJsonContext.Default.AuditEventDocumentArray);
    }

    private static Task<IResult> PutWeightsAsync(HttpContext context, TrafficSwitch trafficSwitch, IValidator<WeightsRequest> validator, StateDocumentFactory documents, CancellationToken cancellationToken) =>
        AdminWrites.ChangeAsync(context, validator, AdminJsonContext.Default.WeightsRequest, documents, whenEmpty: null, (request, change) =>
            trafficSwitch.SetWeightsAsync(request.ToWeights(), change, cancellationToken), cancellationToken);

    private static Task<IResult> PostSwitchAsync(HttpContext context, TrafficSwitch trafficSwitch, IValidator<SwitchRequest> validator, StateDocumentFactory documents, CancellationToken cancellationToken) =>
        AdminWrites.ChangeAsync(context, validator, AdminJsonContext.Default.SwitchRequest, documents, whenEmpty: null, (request, change) =>
            trafficSwitch.SwitchAsync(request.ToPool(), change, cancellationToken), cancellationToken);

    private static Task<IResult> PostRollbackAsync(HttpContext context, TrafficSwitch trafficSwitch, IValidator<ReasonOnlyRequest> validator, StateDocumentFactory documents, CancellationToken cancellationToken) =>
        AdminWrites.ChangeAsync(context, validator, AdminJsonContext.Default.ReasonOnlyRequest, documents, whenEmpty: () => new ReasonOnlyRequest(), (_, change) =>
            trafficSwitch.RollbackAsync(change, cancellationToken), cancellationToken);
}
