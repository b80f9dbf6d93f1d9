using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// A TCP connection that speaks HTTP/1.1 by hand, for clients no HttpClient would be: malformed framing, headers a
/// byte at a time, connections that never send anything.
/// </summary>
internal sealed class RawConnection : IDisposable
{
    private readonly Socket _socket;

    private RawConnection(Socket socket) => _socket = socket;

    /// <summary>Opens a connection to <paramref name="address"/>, from <paramref name="from"/> when given (any 127.x.y.z is loopback).</summary>
    public static async Task<RawConnection> OpenAsync(Uri address, IPAddress? from = null, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (from is not null)
            {
                socket.Bind(new IPEndPoint(from, 0));
            }

            await socket.ConnectAsync(IPAddress.Parse(address.Host), address.Port, cancellationToken);
            return new RawConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> as ASCII; fails when the server has already closed the connection.</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default) =>
        await _socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, cancellationToken);

    /// <summary>Reads everything the server sends until it closes the connection (or resets it), within <paramref name="timeout"/>.</summary>
    public async Task<string> ReadToCloseAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // A reset after the answer still ends the connection; what arrived before it is the answer.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server kept the connection open for {timeout}; it sent:\n{received}");
        }

        return received.ToString();
    }

    /// <summary>Whether the server has closed (or reset) the connection; reads and discards what it sent.</summary>
    public bool IsClosedByServer()
    {
        try
        {
            var buffer = new byte[4096];
            while (_socket.Poll(0, SelectMode.SelectRead))
            {
                if (_socket.Receive(buffer) == 0)
                {
                    return true;
                }
            }

            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();
}
