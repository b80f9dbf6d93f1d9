namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Puts every admin request through <see cref="AdminTokenLockout"/>, after authentication (so a token's outcome is
/// known) and routing (so an open route is known): a request it refuses gets its 429 and goes no further.
/// </summary>
/// <remarks>
/// In place of ASP.NET Core's rate-limiting middleware, which BlueGreen used only for its global limiter. That middleware
/// also builds an endpoint limiter whose timer it never stops (dotnet/aspnetcore#69061), so every admin plane built and
/// disposed in a process stayed reachable with all it held: the test suite's hundreds of proxies kept about 300 MB
/// alive, and a full collection of that heap took 0.7 s.
/// </remarks>
internal sealed class AdminTokenLockoutMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AdminTokenLockout _lockout;

    public AdminTokenLockoutMiddleware(RequestDelegate next, AdminTokenLockout lockout)
    {
        _next = next;
        _lockout = lockout;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        using var lease = _lockout.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            await _next(context);
            return;
        }

        await _lockout.RejectAsync(context, lease);
    }
}
