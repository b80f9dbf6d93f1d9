using System.Net;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// Steady traffic through a proxy's data plane from a few concurrent clients, until disposed or a bound is reached
/// (loopback only, bounded in count and time), counting what the clients saw.
/// </summary>
internal sealed class Traffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _clients;
    private int _sent;
    private int _failed;

    private Traffic(HttpClient client, string path, int clients, int maxRequests, TimeSpan maxDuration)
    {
        _stop = new CancellationTokenSource(maxDuration);
        _clients = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && Interlocked.Increment(ref _sent) <= maxRequests)
            {
                try
                {
                    using var response = await client.GetAsync(path, _stop.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    // The proxy refused or dropped the connection (a test may kill it): a failed request.
                    Interlocked.Increment(ref _failed);
                }
            }
        })));
    }

    /// <summary>Requests sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Requests whose client did not get a 200, or no answer at all.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Starts <paramref name="clients"/> clients sending GETs to <paramref name="path"/>.</summary>
    public static Traffic Start(HttpClient client, string path = "/", int clients = 4, int maxRequests = 200_000, TimeSpan? maxDuration = null) =>
        new(client, path, clients, maxRequests, maxDuration ?? TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _clients;
        _stop.Dispose();
    }
}
