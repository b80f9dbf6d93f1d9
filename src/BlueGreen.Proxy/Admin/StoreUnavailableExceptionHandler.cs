using BlueGreen.Core.State;
using Microsoft.AspNetCore.Diagnostics;

namespace BlueGreen.Proxy.Admin;

/// <summary>Answers 503 with problem+json when the state store cannot be reached; nothing was changed then.</summary>
internal sealed class StoreUnavailableExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StateStoreUnavailableException)
        {
            return false;
        }

        await Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "State store unavailable",
            detail: exception.Message).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
