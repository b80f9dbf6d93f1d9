using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace BlueGreen.Proxy.Tests.Infrastructure;

/// <summary>
/// Well-behaved clients that keep sending GETs through a proxy, each on a new connection, while a test attacks it;
/// they keep what was served, what failed and the slowest answer, to show that the attack held no one else up.
/// </summary>
internal sealed class Bystanders : IAsyncDisposable
{
    /// <summary>How many answers show that the clients were served during an attack, not just before or after it.</summary>
    public const int Enough = 10;

    /// <summary>
    /// The longest any answer may take: generous for a loaded test machine, and well under the 10 s a client held up by
    /// a slowloris attack would wait.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Task _clients;
    private int _served;
    private TimeSpan _slowest;

    private Bystanders(Uri proxy, int clients)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(30) };
        _clients = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(RunAsync)));
    }

    /// <summary>Requests answered 200 so far.</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>Starts <paramref name="clients"/> clients against the data plane at <paramref name="proxy"/>.</summary>
    public static Bystanders Start(Uri proxy, int clients = 2) => new(proxy, clients);

    /// <summary>
    /// Stops the clients and asserts that they were served at least <paramref name="atLeast"/> times, every request,
    /// none slower than <see cref="MaxWait"/>.
    /// </summary>
    public async Task AssertAllServedAsync(int atLeast = Enough)
    {
        await StopAsync();
        Assert.True(_failures.IsEmpty, $"well-behaved clients failed: {string.Join("; ", _failures.Take(5))}");
        Assert.True(Served >= atLeast, $"well-behaved clients were served {Served} times, expected at least {atLeast}");
        lock (_failures)
        {
            Assert.True(_slowest < MaxWait, $"a well-behaved client waited {_slowest.TotalMilliseconds:0} ms for its answer");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _clients;
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            // A new connection every time: an attack that held the listener or the accept queue would show here.
            using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { ConnectionClose = true } };
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using var response = await _client.SendAsync(request, _stop.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _served);
                }
                else
                {
                    _failures.Enqueue($"{(int)response.StatusCode}");
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _failures.Enqueue(ex.Message);
            }

            lock (_failures)
            {
                _slowest = stopwatch.Elapsed > _slowest ? stopwatch.Elapsed : _slowest;
            }

            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
