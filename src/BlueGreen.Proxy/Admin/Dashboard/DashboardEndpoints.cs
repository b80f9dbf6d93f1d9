using System.Reflection;

namespace BlueGreen.Proxy.Admin.Dashboard;

/// <summary>
/// The dashboard at <c>/</c> on the admin port: a page, its script and its style sheet, embedded in the assembly so
/// that every way of starting the proxy serves them, and sent with a strict Content-Security-Policy. The page loads
/// without a token; its API calls carry the one the user types.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>
    /// Only this origin's files and API; no inline script or style, so a value that slipped into the page as markup
    /// still could not run.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string ResourcePrefix = "BlueGreen.Dashboard.";

    // Perf: read once; the files are small and never change while the process runs.
    private static readonly DashboardAsset[] Assets =
    [
        Load("/", "index.html", "text/html; charset=utf-8"),
        Load("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        Load("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        foreach (var asset in Assets)
        {
            app.MapGet(asset.Path, (HttpContext context) => ServeAsync(context, asset)).AllowAnonymous();
        }
    }

    private static Task ServeAsync(HttpContext context, DashboardAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return context.Response.Body.WriteAsync(asset.Content).AsTask();
    }

    private static DashboardAsset Load(string path, string file, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"The dashboard file {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new DashboardAsset(path, contentType, copy.ToArray());
    }
}
