using System.Threading.Channels;
using BlueGreen.Core.Rollouts;
using BlueGreen.Core.Switching;
using BlueGreen.Proxy.Admin;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Observability;

namespace BlueGreen.Proxy.Rollouts;

/// <summary>
/// Tells a rollout's <c>event</c> webhooks of every transition this proxy commits (the rollout document, with the
/// audit action in <c>X-BlueGreen-Event</c>), in order, off the commit path: a slow or dead receiver never blocks a
/// change. Each delivery is tried up to four times with a doubling pause; a delivery that still fails is logged.
/// Runs under the host's lifetime.
/// </summary>
internal sealed class RolloutEventNotifier : BackgroundService, IStateChangeObserver
{
    /// <summary>The pause before the first retry; it doubles for each next one.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Retries after the first attempt.</summary>
    public const int Retries = 3;

    private const int QueueLimit = 10_000;

    private readonly Channel<Delivery> _queue = Channel.CreateBounded<Delivery>(
        new BoundedChannelOptions(QueueLimit) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly WebhookSender _sender;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RolloutEventNotifier> _logger;

    public RolloutEventNotifier(WebhookSender sender, TimeProvider timeProvider, ILogger<RolloutEventNotifier> logger)
    {
        _sender = sender;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public void OnChanged(StateChange change)
    {
        // Only the proxy that committed a transition tells of it, so a fleet sends each event once.
        if (change.Audit is not { } audit || change.Current.Rollout is not { } rollout || Equals(change.Previous.Rollout, rollout))
        {
            return;
        }

        var hooks = rollout.Plan.Webhooks.Where(hook => hook.Type == WebhookType.Event).ToList();
        if (hooks.Count == 0)
        {
            return;
        }

        var document = RolloutDocumentFactory.Create(change.Current, rollout, rollout.Analysis);
        foreach (var hook in hooks)
        {
            if (!_queue.Writer.TryWrite(new Delivery(hook, audit.Action, document)))
            {
                Log.RolloutEventDropped(_logger, rollout.Id, hook.Name, audit.Action);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DeliverAsync(delivery, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: events still queued are not delivered.
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        var pause = FirstRetryDelay;
        string problem = "";
        for (var attempt = 0; attempt <= Retries; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(delivery.Hook.Timeout);
            try
            {
                using var response = await _sender.SendAsync(delivery.Hook.Url, delivery.Event, delivery.Document, AdminJsonContext.Default.RolloutDocument, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                problem = $"answered {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                problem = $"no answer within {delivery.Hook.Timeout}";
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }

            if (attempt < Retries)
            {
                await Task.Delay(pause, _timeProvider, stoppingToken).ConfigureAwait(false);
                pause *= 2;
            }
        }

        Log.RolloutEventNotDelivered(_logger, delivery.Document.Id, delivery.Hook.Name, delivery.Event, Retries + 1, problem);
    }

    private sealed record Delivery(RolloutWebhook Hook, string Event, RolloutDocument Document);
}
