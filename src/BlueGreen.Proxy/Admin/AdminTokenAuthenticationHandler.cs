using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the operator and viewer tokens; the
/// principal's name is the token's name, which becomes the audit actor.
/// </summary>
internal sealed class AdminTokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private const string BearerPrefix = "Bearer ";

    private readonly AdminTokens _tokens;

    public AdminTokenAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        AdminTokens tokens)
        : base(options, logger, encoder)
    {
        _tokens = tokens;
    }

    /// <summary>Whether <paramref name="request"/> presents a bearer token, right or wrong, for this handler to check.</summary>
    public static bool PresentsToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!PresentsToken(Request))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var name = _tokens.Identify(Request.Headers.Authorization.ToString()[BearerPrefix.Length..].Trim());
        if (name is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, name)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: _tokens.GeneratedTokenFile is { } file
                ? $"Send the admin token as 'Authorization: Bearer <token>'; it is in the file {file} on the proxy's host (TOKEN=$(cat {file}))."
                : "Send the admin token as 'Authorization: Bearer <token>'.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "The viewer token is read-only; changes need the operator token.").ExecuteAsync(Context);
}
