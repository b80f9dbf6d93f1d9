using System.Net;
using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Configuration;
using BlueGreen.Proxy.DataPlane;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace BlueGreen.Proxy.Mirroring;

/// <summary>
/// Copies <c>BlueGreen:Mirror:Percent</c> of requests to the pool that does not serve them, as Envoy's request mirror
/// policy and nginx's <c>mirror</c> do: the copy is built here, by the same transforms as the request itself, for a
/// destination of the other pool that YARP would send to now, and handed to <see cref="MirrorSender"/>, which sends it
/// and discards the answer. The client's request then goes on at once, and never waits for, or fails with, its copy.
/// Only a request that can be replayed is copied: not an upgrade (a WebSocket), not a body of unknown length, nor one
/// over <c>BlueGreen:Mirror:MaxBodyBytes</c>; a body that is copied is read before the request goes on, as nginx
/// reads it. The middleware is in the pipeline only when the share is above 0, so without mirroring no request pays.
/// </summary>
internal sealed class MirrorMiddleware
{
    /// <summary>The header that marks a copy, so a destination can tell it from a user's request (and skip side effects).</summary>
    public const string MirrorHeader = "X-BlueGreen-Mirror";

    private readonly RequestDelegate _next;
    private readonly MirrorSender _sender;
    private readonly PoolAvailability _availability;
    private readonly ProxyMetrics _metrics;
    private readonly ILogger<MirrorMiddleware> _logger;
    private readonly int _basisPoints;
    private readonly long _maxBodyBytes;

    public MirrorMiddleware(RequestDelegate next, MirrorSender sender, PoolAvailability availability, ProxyMetrics metrics, BlueGreenOptions options, ILogger<MirrorMiddleware> logger)
    {
        _next = next;
        _sender = sender;
        _availability = availability;
        _metrics = metrics;
        _logger = logger;
        _basisPoints = (int)(options.Mirror.Percent * 100m);
        _maxBodyBytes = options.Mirror.MaxBodyBytes;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (Random.Shared.Next(PoolWeights.Total) >= _basisPoints)
        {
            return _next(context);
        }

        // Perf: the plan is made before any async frame exists, so a request that is not copied after all (the mirror
        // pool saturated, which is every sampled request while it hangs) goes on exactly as an unsampled one.
        var route = context.GetReverseProxyFeature().Route;
        if (!PoolRoutes.TryGetPool(route.Config.RouteId, out var serving) || Plan(context, serving.Other()) is not ({ } cluster, { } destination))
        {
            return _next(context);
        }

        return MirrorAsync(context, route, serving.Other(), cluster, destination);
    }

    private async Task MirrorAsync(HttpContext context, RouteModel route, Pool target, ClusterModel cluster, DestinationModel destination)
    {
        byte[]? body = null;
        if (context.Request.ContentLength is long length and > 0)
        {
            body = await ReadBodyAsync(context, (int)length).ConfigureAwait(false);
            if (body is null)
            {
                // The client did not send the body it announced: answered as YARP answers it, and sent nowhere.
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }

        if (await CopyAsync(context, route, target, cluster, destination, body).ConfigureAwait(false) is { } copy)
        {
            _sender.TryEnqueue(new MirroredRequest(target, copy, cluster.HttpClient));
        }

        await _next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// The cluster of <paramref name="target"/> and its destination a copy of this request goes to, or
    /// <see langword="null"/> (and the reason counted) when the request is not mirrored.
    /// </summary>
    private (ClusterModel Cluster, DestinationModel Destination)? Plan(HttpContext context, Pool target)
    {
        if (UpgradeRequests.IsUpgrade(context))
        {
            return Skip(target, "upgrade");
        }

        var length = context.Request.ContentLength;
        var unknownLength = length is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;
        if (unknownLength || length > _maxBodyBytes)
        {
            return Skip(target, "body");
        }

        var cluster = _availability.Cluster(target);
        var available = cluster?.DestinationsState.AvailableDestinations;
        if (cluster?.Model is not { } model || available is not { Count: > 0 } ||
            available[Random.Shared.Next(available.Count)].Model is not { } destination)
        {
            return Skip(target, "no_destination");
        }

        if (!_sender.HasRoom)
        {
            // Checked before the body is read, so a hanging mirror pool costs no reading of bodies for nothing.
            _metrics.RecordMirrorDropped(target);
            return null;
        }

        return (model, destination);
    }

    /// <summary>
    /// The copy, built from the client's request by the route's transforms (headers, <c>X-Forwarded-*</c>, path)
    /// for <paramref name="destination"/>; <see langword="null"/> when that fails, which never concerns the request.
    /// </summary>
    private async Task<HttpRequestMessage?> CopyAsync(HttpContext context, RouteModel route, Pool target, ClusterModel cluster, DestinationModel destination, byte[]? body)
    {
        var request = context.Request;
        var copy = new HttpRequestMessage
        {
            Method = HttpMethod.Parse(request.Method),

            // As YARP's forwarder sends the pool's requests: its HttpVersion, else HTTP/2 where offered over TLS.
            Version = cluster.Config.HttpRequest?.Version ?? HttpVersion.Version20,
            VersionPolicy = cluster.Config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
            Content = body is null ? null : new ByteArrayContent(body),
        };
        try
        {
            var prefix = destination.Config.Address;
            await route.Transformer.TransformRequestAsync(context, copy, prefix, context.RequestAborted).ConfigureAwait(false);
            copy.RequestUri ??= RequestUtilities.MakeDestinationAddress(prefix, request.Path, request.QueryString);
            copy.Headers.TryAddWithoutValidation(MirrorHeader, "1");
            return copy;
        }
        catch (Exception ex)
        {
            copy.Dispose();
            Log.MirrorNotBuilt(_logger, ex, target.Name());
            return null;
        }
    }

    /// <summary>
    /// Reads the whole body (its length is known and within the limit) and puts it back for the request to go on
    /// with; <see langword="null"/> when the client failed to send it.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int length)
    {
        var request = context.Request;
        var body = new byte[length];
        try
        {
            var read = 0;
            while (read < length)
            {
                var got = await request.Body.ReadAsync(body.AsMemory(read), context.RequestAborted).ConfigureAwait(false);
                if (got == 0)
                {
                    return null;
                }

                read += got;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return null;
        }

        request.Body = new MemoryStream(body, writable: false);
        return body;
    }

    private (ClusterModel, DestinationModel)? Skip(Pool target, string reason)
    {
        _metrics.MirrorsSkipped.WithLabels(target.Name(), reason).Inc();
        return null;
    }
}
