using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Adds <c>GET /metrics</c> to the OpenAPI document. prometheus-net maps it as a middleware pipeline, which the
/// framework's API explorer does not see, yet dashboards and scrapers rely on it as on any other route.
/// </summary>
internal sealed class MetricsPathDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var operation = new OpenApiOperation
        {
            Summary = "Prometheus metrics (text exposition format); no token needed.",
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "The bluegreen_* metrics, as the contract names them.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() },
                },
            },
        };
        document.Paths["/metrics"] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
        return Task.CompletedTask;
    }
}
