using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Reads an admin request body with the checks that turn bad input into a clear problem: size and
/// JSON syntax. Any media type is read as JSON, so a plain <c>curl -d</c> works. The request is bound by hand rather than by the framework so each failure has its own answer.
/// </summary>
internal static class JsonBody
{
    /// <summary>
    /// Reads <typeparamref name="T"/> as <paramref name="typeInfo"/> describes it; an empty body gives <paramref name="whenEmpty"/>,
    /// or a 400 when that is null.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> typeInfo, Func<T>? whenEmpty, CancellationToken cancellationToken)
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

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken).ConfigureAwait(false);
            return value is null
                ? (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body required", detail: "The body is null."))
                : (value, null);
        }
        catch (JsonException ex) when (WrongType(ex, typeInfo) is var (field, expected))
        {
            // Well-formed JSON with a value of the wrong kind ({"blue":"95"}) is a field error, said in words.
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [expected] }));
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

    /// <summary>
    /// The field and what it must be when <paramref name="exception"/> says a top-level field's value could not be
    /// converted to its property's type; <see langword="null"/> for every other JSON error (syntax, duplicates).
    /// </summary>
    private static (string Field, string Expected)? WrongType(JsonException exception, JsonTypeInfo typeInfo)
    {
        // System.Text.Json reports a value of the wrong kind only as "The JSON value could not be converted to <type>".
        if (exception.Path is not { } path || !path.StartsWith("$.", StringComparison.Ordinal) ||
            !exception.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return null;
        }

        var field = path[2..];
        // From the generated contract, not by reflection over T: a Native AOT build trims that away.
        var property = typeInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var expected = type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double) ? "must be a number."
            : type == typeof(string) ? "must be a string."
            : type == typeof(bool) ? "must be true or false."
            : "has the wrong type.";
        return (field, expected);
    }

    private static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Body too large",
        detail: $"Admin request bodies are limited to {AdminJson.MaxBodyBytes} bytes.");
}
