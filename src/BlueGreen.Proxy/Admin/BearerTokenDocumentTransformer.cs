using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlueGreen.Proxy.Admin;

/// <summary>Names the admin plane's authentication in the OpenAPI document: a bearer token on every <c>/api/</c> route.</summary>
internal sealed class BearerTokenDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Scheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "BlueGreen admin API";
        document.Info.Description =
            "The admin plane of BlueGreen. Every /api/ route takes Authorization: Bearer <token> (the operator token, or the read-only " +
            "viewer token for GET routes); errors are application/problem+json.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = Scheme,
            Description = "The operator token (BlueGreen:Admin:Token, or data/admin.token) or the viewer token.",
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
            }
        }

        return Task.CompletedTask;
    }
}
