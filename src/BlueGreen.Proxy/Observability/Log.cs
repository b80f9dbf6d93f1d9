namespace BlueGreen.Proxy.Observability;

/// <summary>BlueGreen's log lines, source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Routing state changed by {Actor}: {Action} from {From} to {To} (version {Version}, reason: {Reason})")]
    public static partial void RoutingChanged(ILogger logger, string actor, string action, string from, string to, long version, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Routing state taken from the store: version {Version}, {Weights}, stable={Stable}")]
    public static partial void RoutingStateLoaded(ILogger logger, long version, string weights, string stable);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning,
        Message = "Failover started: pool {Pool} has no healthy destination, its requests go to {Other}")]
    public static partial void FailoverStarted(ILogger logger, string pool, string other);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Failover ended: pool {Pool} has a healthy destination again")]
    public static partial void FailoverEnded(ILogger logger, string pool);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Pools reloaded from the configuration file: {From} -> {To}")]
    public static partial void PoolsReloaded(ILogger logger, string from, string to);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error,
        Message = "The changed configuration is invalid and was not applied; the last good pools stay: {Problems}")]
    public static partial void ConfigurationRejected(ILogger logger, string problems);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Error,
        Message = "Destination {Pool}/{Destination} was removed, but its removal could not be recorded in the audit history")]
    public static partial void RemovalNotRecorded(ILogger logger, Exception exception, string pool, string destination);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information,
        Message = "Closed {Count} WebSocket connection(s) still open on {Pool}/{Destination}: its drain timeout ({Timeout}) passed")]
    public static partial void UpgradedConnectionsClosed(ILogger logger, int count, string pool, string destination, TimeSpan timeout);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning,
        Message = "Destination {Pool}/{Destination} ({Address}) health changed from {From} to {To}")]
    public static partial void HealthLost(ILogger logger, string pool, string destination, string address, string from, string to);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Destination {Pool}/{Destination} ({Address}) health changed from {From} to {To}")]
    public static partial void HealthChanged(ILogger logger, string pool, string destination, string address, string from, string to);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Pools from the configuration file handed to YARP, which is still applying them: {Pools}")]
    public static partial void PoolsReloadPending(ILogger logger, string pools);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error,
        Message = "YARP refused the pools from the configuration file; it keeps routing to the last ones it took ({Pools}): {Problem}")]
    public static partial void PoolsReloadFailed(ILogger logger, string pools, string? problem);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error,
        Message = "Reloading the pools from the configuration file failed; the last good pools stay")]
    public static partial void PoolsReloadCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "A membership change is committed but YARP had not applied it after {Timeout}; it routes by it once applied")]
    public static partial void MembershipStillApplying(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error,
        Message = "A membership change is committed but YARP refused to apply it")]
    public static partial void MembershipNotApplied(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning,
        Message = "Health probe of {Pool}/{Destination} ({Address}) failed: {Error} ({Failures} in a row)")]
    public static partial void ProbeFailed(ILogger logger, string pool, string destination, string address, string error, int failures);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information,
        Message = "Routing state changed by {Actor}: {Action} from {From} to {To} (version {Version}, no reason given)")]
    public static partial void RoutingChangedWithoutReason(ILogger logger, string actor, string action, string from, string to, long version);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information,
        Message = "Shutting down: no new connections; waiting up to {Timeout} for {InFlight} in-flight requests")]
    public static partial void ShutdownStarted(ILogger logger, TimeSpan timeout, int inFlight);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information,
        Message = "Shut down after {Seconds:0.###} s")]
    public static partial void ShutdownCompleted(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information,
        Message = "Rollout {Rollout}: the driver's {Action} was not committed: {Why}")]
    public static partial void RolloutMoveDropped(ILogger logger, string rollout, string action, string why);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error,
        Message = "Judging the running rollout failed; its weights hold and it is judged again at the next tick")]
    public static partial void RolloutTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning,
        Message = "Rollout {Rollout}: event {Event} for webhook {Webhook} was dropped: too many undelivered events are queued")]
    public static partial void RolloutEventDropped(ILogger logger, string rollout, string webhook, string @event);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning,
        Message = "Rollout {Rollout}: webhook {Webhook} was not told of {Event} after {Attempts} attempts: {Problem}")]
    public static partial void RolloutEventNotDelivered(ILogger logger, string rollout, string webhook, string @event, int attempts, string problem);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning,
        Message = "The state store ({Store}) does not answer: {Problem}. Serving the last state; admin writes answer 503 until it is back")]
    public static partial void StateStoreDown(ILogger logger, string store, string problem);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information,
        Message = "The state store ({Store}) answers again; the state in force is version {Version}")]
    public static partial void StateStoreBack(ILogger logger, string store, long version);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning,
        Message = "Waiting for the state store ({Store}) to load the routing state: {Problem}. Not ready until it answers")]
    public static partial void WaitingForStateStore(ILogger logger, string store, string problem);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning,
        Message = "A mirrored request to {Pool} failed unexpectedly; its answer was discarded as every mirror's is")]
    public static partial void MirrorFailed(ILogger logger, Exception exception, string pool);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "A copy of a request for {Pool} could not be built; the request went on without a mirror")]
    public static partial void MirrorNotBuilt(ILogger logger, Exception exception, string pool);

    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning,
        Message = "Removing expired faults failed; they stay in force until the next try")]
    public static partial void FaultExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Information,
        Message = "Rolling update {Update}: the driver's {Action} was not committed: {Why}")]
    public static partial void RollingMoveDropped(ILogger logger, string update, string action, string why);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Error,
        Message = "Driving the running rolling update failed; it holds where it is and is looked at again at the next tick")]
    public static partial void RollingTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information,
        Message = "The {Plane} serves the TLS certificate {Certificate}, from {Path}; it is reloaded when the files change")]
    public static partial void CertificateServed(ILogger logger, string plane, string certificate, string path);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "The {Plane}'s TLS certificate files changed: new handshakes get {Certificate}; open connections keep theirs")]
    public static partial void CertificateReloaded(ILogger logger, string plane, string certificate);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning,
        Message = "The {Plane}'s TLS certificate files changed but cannot be used; {Certificate} stays in force: {Problem}")]
    public static partial void CertificateRejected(ILogger logger, string plane, string certificate, string problem);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error,
        Message = "Looking at the {Plane}'s TLS certificate files failed; the certificate in force stays")]
    public static partial void CertificateReloadFailed(ILogger logger, Exception exception, string plane);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "Pool {Pool} accepts any certificate from its destinations (DangerousAcceptAnyServerCertificate): for test setups only")]
    public static partial void AcceptingAnyDestinationCertificate(ILogger logger, string pool);

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning,
        Message = "The data plane is at its cap of {Cap} client connections (from the open-file limit {OpenFileLimit}): new connections are closed at once until some close; bluegreen_client_errors_total counts them (reason max_concurrent_connections_exceeded), and this line comes again only after a quiet minute")]
    public static partial void ConnectionCapReached(ILogger logger, long cap, long openFileLimit);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning,
        Message = "Admin plane: {Address} sent {Failures} wrong tokens within {WindowSeconds:0} s; its requests with a token get 429 for the next {RetryAfterSeconds:0} s (one line per lockout)")]
    public static partial void AdminTokenLockout(ILogger logger, string address, int failures, double windowSeconds, double retryAfterSeconds);
}
