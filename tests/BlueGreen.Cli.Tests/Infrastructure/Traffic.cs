namespace BlueGreen.Cli.Tests.Infrastructure;

/// <summary>A loop of GETs through the data plane from a few clients, so a rollout has something to judge; stops when disposed.</summary>
internal sealed class Traffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly Task _clients;

    private Traffic(HttpClient client, int clients)
    {
        _clients = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/", _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    // A refused request is traffic too; the rollout counts it.
                }
            }
        })));
    }

    public static Traffic Start(HttpClient client, int clients = 2) => new(client, clients);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _clients;
        _stop.Dispose();
    }
}
