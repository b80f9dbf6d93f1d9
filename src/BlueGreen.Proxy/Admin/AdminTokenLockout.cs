using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using BlueGreen.Proxy.Observability;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// Slows down token guessing on the admin plane, per client address: after <see cref="MaxFailures"/> wrong tokens within
/// <see cref="Window"/>, every request from that address that presents a token to a token-protected route gets 429 with
/// <c>Retry-After</c> until the window ends, the right token included, for otherwise the lockout would not slow the
/// guessing at all: a right guess would still get through. Requests without a token and the open routes
/// (<c>/metrics</c>, probes, the dashboard page) are never counted or held, and other addresses are not affected. The
/// first refusal of a lockout is logged, not every refused request. <see cref="AdminTokenLockoutMiddleware"/> applies it,
/// after authentication, so each request's outcome is known.
/// </summary>
internal sealed class AdminTokenLockout : PartitionedRateLimiter<HttpContext>
{
    /// <summary>Wrong tokens an address may send within <see cref="Window"/> (fail2ban's default is 5 in 10 minutes).</summary>
    public const int MaxFailures = 10;

    /// <summary>The fixed window wrong tokens are counted in; a lockout lasts until it ends.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly RateLimitLease Unlimited = new UnlimitedLease();

    private readonly PartitionedRateLimiter<HttpContext> _failures;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AdminTokenLockout> _logger;
    private readonly Dictionary<IPAddress, DateTimeOffset> _lockedUntil = [];

    public AdminTokenLockout(TimeProvider timeProvider, ILogger<AdminTokenLockout> logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _failures = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = MaxFailures, Window = Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Writes the 429 (problem details and <c>Retry-After</c>), and the log line when a lockout begins.</summary>
    public async Task RejectAsync(HttpContext context, RateLimitLease refused)
    {
        var retryAfter = refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        LogOncePerLockout(ClientAddress(context), retryAfter);
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too Many Requests",
            detail: $"Too many wrong tokens from this address ({MaxFailures} within {Window.TotalSeconds:0} s); try again in {seconds} s.")
            .ExecuteAsync(context);
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _failures.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (!AdminTokenAuthenticationHandler.PresentsToken(resource.Request) ||
            resource.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            return Unlimited;
        }

        // A wrong token takes one of the address's permits; a right one takes none, but is refused while none are left.
        var wrongToken = resource.User.Identity?.IsAuthenticated != true;
        return _failures.AttemptAcquire(resource, wrongToken ? 1 : 0);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _failures.Dispose();
        }

        base.Dispose(disposing);
    }

    private static IPAddress ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    private void LogOncePerLockout(IPAddress address, TimeSpan retryAfter)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lockedUntil)
        {
            if (_lockedUntil.TryGetValue(address, out var until) && now < until)
            {
                return;
            }

            // Ended lockouts are forgotten here, so the table holds only the addresses locked out now.
            foreach (var ended in _lockedUntil.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList())
            {
                _lockedUntil.Remove(ended);
            }

            _lockedUntil[address] = now + retryAfter;
        }

        Log.AdminTokenLockout(_logger, address.ToString(), MaxFailures, Window.TotalSeconds, retryAfter.TotalSeconds);
    }

    /// <summary>The lease for requests the lockout does not concern.</summary>
    private sealed class UnlimitedLease : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
