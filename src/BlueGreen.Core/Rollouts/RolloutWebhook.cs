namespace BlueGreen.Core.Rollouts;

/// <summary>A webhook of a rollout: a gate a step must pass (a 2xx within the timeout), or a listener to its events.</summary>
/// <param name="Name">Its name, for the detail of a failed gate.</param>
/// <param name="Type">When it is called.</param>
/// <param name="Url">Where the rollout document is POSTed.</param>
/// <param name="Timeout">How long a gate waits for the answer.</param>
public sealed record RolloutWebhook(string Name, WebhookType Type, Uri Url, TimeSpan Timeout)
{
    /// <summary>A gate's time limit when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
}
