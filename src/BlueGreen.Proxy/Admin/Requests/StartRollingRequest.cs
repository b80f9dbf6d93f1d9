using System.Globalization;
using System.Text.Json;
using BlueGreen.Core.Rolling;
using BlueGreen.Core.Routing;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>POST /api/v1/pools/{pool}/rolling</c> (contract, section Rolling updates).</summary>
internal sealed class StartRollingRequest : AdminWriteRequest
{
    /// <summary>The pause between batches when the request does not give one.</summary>
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(30);

    /// <summary>A count of destinations (<c>2</c>) or a share of the pool (<c>"20%"</c>).</summary>
    public JsonElement? Batch { get; set; }

    public TimeSpan? Pause { get; set; }

    public TimeSpan? DrainTimeout { get; set; }

    public TimeSpan? HealthTimeout { get; set; }

    public UpdateHookRequest? Update { get; set; }

    public RolloutAnalysisRequest? Analysis { get; set; }

    /// <summary>Reads <see cref="Batch"/>: a whole count of at least 1, or a percentage above 0 and at most 100 written as <c>"20%"</c>.</summary>
    public bool TryReadBatch(out int count, out decimal percent)
    {
        (count, percent) = (0, 0);
        switch (Batch)
        {
            case { ValueKind: JsonValueKind.Number } number:
                return number.TryGetInt32(out count) && count >= 1;
            case { ValueKind: JsonValueKind.String } text when text.GetString() is { Length: > 1 } value && value.EndsWith('%'):
                return decimal.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percent) && percent is > 0 and <= 100;
            default:
                return false;
        }
    }

    /// <summary>The batch size for a pool of <paramref name="destinations"/>, from a body its validator accepted.</summary>
    public int BatchSize(int destinations) =>
        TryReadBatch(out var count, out var percent)
            ? count > 0 ? count : RollingBatches.SizeOfPercent(percent, destinations)
            : throw new InvalidOperationException("The rolling update validator accepted a batch that is not one.");

    /// <summary>The plan for <paramref name="pool"/> over <paramref name="destinations"/>, from a body its validator accepted.</summary>
    public RollingPlan ToPlan(Pool pool, IReadOnlyList<string> destinations, TimeSpan defaultDrainTimeout) => new(
        pool,
        RollingBatches.Cut(destinations, BatchSize(destinations.Count)),
        Pause ?? DefaultPause,
        DrainTimeout ?? defaultDrainTimeout,
        HealthTimeout ?? RollingPlan.DefaultHealthTimeout,
        Update is { Url: { } url } ? new UpdateHook(new Uri(url), Update.Timeout ?? UpdateHook.DefaultTimeout) : null,
        (Analysis ?? new RolloutAnalysisRequest()).ToSettings());
}
