using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>HTTP clients that connect from a chosen loopback address (any 127.x.y.z is loopback on Linux), to play several client hosts.</summary>
internal static class LoopbackClient
{
    /// <summary>A client for <paramref name="baseAddress"/> whose connections come from <paramref name="from"/>, sending <paramref name="token"/> when given.</summary>
    public static HttpClient From(IPAddress from, Uri baseAddress, string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
