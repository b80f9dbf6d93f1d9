namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// The one HTTP client rollout analysis uses for Prometheus and webhooks: pooled connections that are renewed (so a
/// receiver that moves is found again), no cookies, no redirects; owned by the data plane and disposed with it.
/// </summary>
internal sealed class AnalysisHttpClient : IDisposable
{
    public AnalysisHttpClient()
    {
        Client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            // Callers bound each call with their own timeout; this is only the outer limit.
            Timeout = TimeSpan.FromMinutes(11),
        };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
