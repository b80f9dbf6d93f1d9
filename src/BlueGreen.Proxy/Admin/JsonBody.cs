using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Reads an admin request body with the checks that turn bad input into a clear problem: size and
/// JSON syntax. Any media type is read as JSON, so a plain <c>curl -d</c> works. The request is bound by hand rather than by the framework so each failure has its own answer.
/// </summary>
internal static class JsonBody
{
    /// <summary>Reads <typeparamref name="T"/>; an empty body gives <paramref name="whenEmpty"/>, or a 400 when that is null.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, Func<T>? whenEmpty, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > AdminJson.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (request.ContentLength == 0 || !canHaveBody)
        {
            return whenEmpty is null
                ? (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body required", detail: "This route takes a JSON body."))
                : (whenEmpty(), null);
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken).ConfigureAwait(false);
            return value is null
                ? (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body required", detail: "The body is null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: ex.Message));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    private static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Body too large",
        detail: $"Admin request bodies are limited to {AdminJson.MaxBodyBytes} bytes.");
}
