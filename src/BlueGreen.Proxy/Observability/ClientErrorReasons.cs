namespace BlueGreen.Proxy.Observability;

/// <summary>
/// The reasons <c>bluegreen_client_errors_total</c> counts: Kestrel's own names (its <c>error.type</c>) for the limits
/// and rules a client can break before its request is routed, and BlueGreen's framing check.
/// </summary>
internal static class ClientErrorReasons
{
    /// <summary>The request head did not arrive within the headers timeout (slowloris): 408.</summary>
    public const string RequestHeadersTimeout = "request_headers_timeout";

    /// <summary>The request body came slower than the minimum rate: connection closed.</summary>
    public const string MinRequestBodyDataRate = "min_request_body_data_rate";

    /// <summary>The client read the response slower than the minimum rate: connection closed.</summary>
    public const string MinResponseDataRate = "min_response_data_rate";

    /// <summary>The request headers were larger than allowed: 431.</summary>
    public const string MaxRequestHeadersTotalSizeExceeded = "max_request_headers_total_size_exceeded";

    /// <summary>The request had more headers than allowed: 431.</summary>
    public const string MaxRequestHeaderCountExceeded = "max_request_header_count_exceeded";

    /// <summary>The request body was larger than allowed: 413.</summary>
    public const string MaxRequestBodySizeExceeded = "max_request_body_size_exceeded";

    /// <summary>The request line was malformed or too long: 400 or 414.</summary>
    public const string InvalidRequestLine = "invalid_request_line";

    /// <summary>The request headers were malformed, among them two different Content-Lengths: 400.</summary>
    public const string InvalidRequestHeaders = "invalid_request_headers";

    /// <summary>The request named an HTTP version Kestrel does not speak: 505.</summary>
    public const string InvalidHttpVersion = "invalid_http_version";

    /// <summary>The connection arrived while the data plane was at its connection cap: closed at once.</summary>
    public const string MaxConcurrentConnectionsExceeded = "max_concurrent_connections_exceeded";

    /// <summary>The request gave both Transfer-Encoding and Content-Length (BlueGreen's check, not Kestrel's): 400.</summary>
    public const string AmbiguousFraming = "ambiguous_framing";

    /// <summary>Every reason, each exported from the start (at 0) so that a rate over it exists before the first error.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        RequestHeadersTimeout, MinRequestBodyDataRate, MinResponseDataRate, MaxRequestHeadersTotalSizeExceeded,
        MaxRequestHeaderCountExceeded, MaxRequestBodySizeExceeded, InvalidRequestLine, InvalidRequestHeaders,
        InvalidHttpVersion, MaxConcurrentConnectionsExceeded, AmbiguousFraming,
    ];
}
