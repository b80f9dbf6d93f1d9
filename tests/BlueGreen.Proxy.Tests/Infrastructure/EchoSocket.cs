using System.Net.WebSockets;
using System.Text;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A real <see cref="ClientWebSocket"/> to <see cref="TestBackend"/>'s <c>/ws</c> echo through a proxy: it knows the
/// pool the proxy named on the upgrade and the backend that greeted it.
/// </summary>
internal sealed class EchoSocket : IDisposable
{
    private readonly ClientWebSocket _socket;

    private EchoSocket(ClientWebSocket socket, string pool, string backend)
    {
        _socket = socket;
        Pool = pool;
        Backend = backend;
    }

    /// <summary>The pool the proxy named in <c>X-BlueGreen-Pool</c> on the upgrade.</summary>
    public string Pool { get; }

    /// <summary>The backend's name, its first message.</summary>
    public string Backend { get; }

    public WebSocketState State => _socket.State;

    public static async Task<EchoSocket> ConnectAsync(ProxyUnderTest proxy)
    {
        var address = new UriBuilder(proxy.Client.BaseAddress!) { Scheme = "ws", Path = "/ws" }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(address, CancellationToken.None);
            var pool = socket.HttpResponseHeaders!["X-BlueGreen-Pool"].Single();
            return new EchoSocket(socket, pool, await ReceiveAsync(socket));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> and returns the echo (<c>backend:text</c>).</summary>
    public async Task<string> EchoAsync(string text)
    {
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await ReceiveAsync(_socket);
    }

    /// <summary>
    /// Waits (up to <paramref name="within"/>) for the proxy to end the connection without a message; true when it
    /// ended, false when it was still open then.
    /// </summary>
    public async Task<bool> EndsWithinAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            var received = await _socket.ReceiveAsync(new byte[1024], deadline.Token);
            return received.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            return true; // Closed under it, without the close handshake: what an aborted connection looks like.
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task CloseAsync() =>
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

    public void Dispose() => _socket.Dispose();

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
