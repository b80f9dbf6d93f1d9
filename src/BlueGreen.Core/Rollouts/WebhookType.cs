namespace BlueGreen.Core.Rollouts;

/// <summary>When a rollout calls a webhook (<c>webhooks[].type</c>).</summary>
public enum WebhookType
{
    /// <summary>A gate before each move to a next step (not the first step, which applies at the start, nor the promotion).</summary>
    PreStep,

    /// <summary>A gate before the promotion.</summary>
    PrePromotion,

    /// <summary>Told of every transition; its answer is ignored and it never blocks.</summary>
    Event,
}
