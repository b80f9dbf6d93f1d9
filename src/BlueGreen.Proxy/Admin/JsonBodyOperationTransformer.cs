using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlueGreen.Proxy.Admin;

/// <summary>Describes the JSON body a route names with <see cref="JsonBodyMetadata"/> in the OpenAPI document.</summary>
internal sealed class JsonBodyOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBodyMetadata>().FirstOrDefault() is not { } body)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken).ConfigureAwait(false);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = !body.IsOptional,
            Description = "JSON; read whatever the Content-Type says.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }
}
