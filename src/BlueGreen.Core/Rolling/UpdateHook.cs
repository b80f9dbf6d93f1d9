namespace BlueGreen.Core.Rolling;

/// <summary>
/// How a rolling update gets each batch updated without an operator: BlueGreen POSTs the batch's destinations to
/// <paramref name="Url"/> and waits up to <paramref name="Timeout"/> for a 2xx (the hook runs the deploy script).
/// </summary>
public sealed record UpdateHook(Uri Url, TimeSpan Timeout)
{
    /// <summary>How long an update may take when the request does not say.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The longest an update may be given.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
}
