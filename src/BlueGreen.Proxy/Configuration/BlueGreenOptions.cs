namespace BlueGreen.Proxy.Configuration;

/// <summary>Everything under the <c>BlueGreen</c> configuration section.</summary>
public sealed class BlueGreenOptions
{
    /// <summary>The configuration section all keys live under.</summary>
    public const string SectionName = "BlueGreen";

    /// <summary>Where the data plane and the admin plane listen.</summary>
    public ListenOptions Listen { get; set; } = new();

    /// <summary>The admin plane's tokens.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>The data plane's certificate, for its <c>https://</c> listen URLs.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>The pools by name (<c>blue</c>, <c>green</c>).</summary>
    public Dictionary<string, PoolOptions> Pools { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The split used only when no stored state exists.</summary>
    public InitialWeightsOptions InitialWeights { get; set; } = new();

    /// <summary>What keeps a user on one pool.</summary>
    public StickinessOptions Stickiness { get; set; } = new();

    /// <summary>Whether a request may force its pool.</summary>
    public OverrideOptions Override { get; set; } = new();

    /// <summary>Active and passive health checks of destinations.</summary>
    public HealthOptions Health { get; set; } = new();

    /// <summary>Whether a pool without healthy destinations hands its requests to the other.</summary>
    public FailoverOptions Failover { get; set; } = new();

    /// <summary>How long drained or deleted destinations may keep their requests and open WebSockets.</summary>
    public DrainOptions Drain { get; set; } = new();

    /// <summary>Where the routing state is stored.</summary>
    public StateOptions State { get; set; } = new();

    /// <summary>How logs are written.</summary>
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>What rollout analysis reaches beyond the proxy (Prometheus, webhook signatures).</summary>
    public AnalysisOptions Analysis { get; set; } = new();

    /// <summary>How the <c>--demo</c> backends misbehave (ignored without <c>--demo</c>).</summary>
    public DemoOptions Demo { get; set; } = new();

    /// <summary>Which share of requests is copied to the pool that does not serve them.</summary>
    public MirrorOptions Mirror { get; set; } = new();

    /// <summary>How the process shuts down on SIGTERM.</summary>
    public ShutdownOptions Shutdown { get; set; } = new();
}
