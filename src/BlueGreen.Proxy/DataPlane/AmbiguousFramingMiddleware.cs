using BlueGreen.Proxy.Observability;
using Microsoft.Net.Http.Headers;
using Prometheus;

namespace BlueGreen.Proxy.DataPlane;

/// <summary>
/// Answers 400, and closes the connection, when a request gives both <c>Transfer-Encoding</c> and
/// <c>Content-Length</c>, the framing disagreement that request smuggling is made of. It runs before routing, so such
/// a request has no pool and never reaches a backend. RFC 9112 (section 6.1) lets a server either reject it or read it by
/// <c>Transfer-Encoding</c> alone and close the connection; Kestrel does the latter and moves the <c>Content-Length</c>
/// into an <c>X-Content-Length</c> header, which YARP would forward. BlueGreen rejects, as nginx does.
/// </summary>
internal sealed class AmbiguousFramingMiddleware
{
    /// <summary>Where Kestrel moves the <c>Content-Length</c> of a request that also has a <c>Transfer-Encoding</c>.</summary>
    public const string DisplacedContentLength = "X-Content-Length";

    private readonly RequestDelegate _next;
    private readonly Counter.Child _refused;

    public AmbiguousFramingMiddleware(RequestDelegate next, ProxyMetrics metrics)
    {
        _next = next;
        _refused = metrics.ClientErrors.WithLabels(ClientErrorReasons.AmbiguousFraming);
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Perf: Transfer-Encoding is one of Kestrel's known headers, a field read with no lookup; only the rare
        // chunked request looks further. A client that sends X-Content-Length itself with a chunked body is refused
        // too: its framing is just as ambiguous to whoever reads that header downstream.
        var headers = context.Request.Headers;
        if (headers.TransferEncoding.Count == 0 || !headers.ContainsKey(DisplacedContentLength))
        {
            return _next(context);
        }

        _refused.Inc();
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.Headers[HeaderNames.Connection] = "close";
        return Task.CompletedTask;
    }
}
