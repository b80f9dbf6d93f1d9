namespace BlueGreen.Proxy.Configuration;

/// <summary>What rollout analysis reaches beyond the proxy: a Prometheus server for <c>queries</c>, and the webhooks' signing key.</summary>
public sealed class AnalysisOptions
{
    /// <summary>The Prometheus server that rollout <c>queries</c> run against, e.g. <c>http://127.0.0.1:9090</c>; empty: none.</summary>
    public string PrometheusUrl { get; set; } = "";

    /// <summary>When set, every rollout webhook carries an HMAC-SHA256 signature of its body made with this key.</summary>
    public string WebhookSecret { get; set; } = "";
}
