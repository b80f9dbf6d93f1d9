using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// What the OpenAPI document (<c>/openapi/v1.json</c>) says of the admin routes: their bodies, answers and problems.
/// The routes read their bodies by hand (for their own error answers), so the framework cannot infer these.
/// </summary>
internal static class OpenApiMetadata
{
    /// <summary>A read: its answer, and the token problems every <c>/api/</c> route has.</summary>
    public static RouteHandlerBuilder Reads<TResponse>(this RouteHandlerBuilder route) =>
        route.Produces<TResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>A write of the routing state: its body, its answer, and every problem a write may get.</summary>
    public static RouteHandlerBuilder Writes<TRequest, TResponse>(this RouteHandlerBuilder route, int success = StatusCodes.Status200OK)
        where TRequest : AdminWriteRequest =>
        route.WithMetadata(new JsonBodyMetadata(typeof(TRequest), IsOptional: typeof(TRequest) == typeof(ReasonOnlyRequest)))
            .Produces<TResponse>(success)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A change of pool membership: also 202 while YARP applies it, and 500 when YARP refused it.</summary>
    public static RouteHandlerBuilder ChangesMembership<TRequest>(this RouteHandlerBuilder route, int success = StatusCodes.Status200OK)
        where TRequest : AdminWriteRequest =>
        route.Writes<TRequest, StateDocument>(success)
            .Produces<StateDocument>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
}
