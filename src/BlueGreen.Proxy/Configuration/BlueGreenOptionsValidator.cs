using BlueGreen.Core.Routing;
using BlueGreen.Proxy.Tls;
using FluentValidation;

namespace BlueGreen.Proxy.Configuration;

/// <summary>
/// Checks the whole configuration at start-up and reports every problem at once, each named by its
/// configuration key (<c>BlueGreen:Pools:blue:Destinations:b1</c>), so an operator can fix them in one go.
/// </summary>
internal sealed class BlueGreenOptionsValidator : AbstractValidator<BlueGreenOptions>
{
    private const string Prefix = BlueGreenOptions.SectionName + ":";

    public BlueGreenOptionsValidator()
    {
        RuleFor(o => o.Listen.Proxy).Must(BeListenUrls).OverridePropertyName(Prefix + "Listen:Proxy")
            .WithMessage(o => $"'{o.Listen.Proxy}' must be one or more http:// or https:// URLs with a host and no path, separated by ';'.");
        RuleFor(o => o.Listen.Admin).Must(BeListenUrls).OverridePropertyName(Prefix + "Listen:Admin")
            .WithMessage(o => $"'{o.Listen.Admin}' must be one or more http:// or https:// URLs with a host and no path, separated by ';'.");
        RuleFor(o => o.Listen).Must(listen => !ListenAddresses(listen.Proxy).Any(p => ListenAddresses(listen.Admin).Any(p.ClashesWith)))
            .When(o => BeListenUrls(o.Listen.Proxy) && BeListenUrls(o.Listen.Admin))
            .OverridePropertyName(Prefix + "Listen:Admin")
            .WithMessage("the admin plane must not listen where the data plane does: it needs a listener of its own.");

        RuleFor(o => o).Custom((o, context) =>
        {
            ValidateTls(TlsSection.DataPlane(o), o.Listen.Proxy, Prefix + "Listen:Proxy", context);
            ValidateTls(TlsSection.AdminPlane(o), o.Listen.Admin, Prefix + "Listen:Admin", context);
        });

        RuleFor(o => o.Admin).Must(a => a.ViewerToken.Length == 0 || a.ViewerToken != a.Token)
            .OverridePropertyName(Prefix + "Admin:ViewerToken")
            .WithMessage("the viewer token must differ from the operator token.");

        RuleFor(o => o.Pools).Custom(ValidatePools);

        RuleFor(o => o.InitialWeights).Custom((weights, context) =>
        {
            if (!PoolWeights.TryFromPercent(weights.Blue, weights.Green, out _))
            {
                context.AddFailure(
                    Prefix + "InitialWeights",
                    $"blue={weights.Blue} and green={weights.Green} must each be 0 to 100 with at most two decimals and sum to 100.");
            }
        });

        RuleFor(o => o.Stickiness.Mode).IsInEnum().OverridePropertyName(Prefix + "Stickiness:Mode")
            .WithMessage(o => $"'{o.Stickiness.Mode}' is not valid; valid values: {string.Join(", ", Enum.GetNames<StickinessMode>())}");
        RuleFor(o => o.Stickiness.Name).Must(BeToken).OverridePropertyName(Prefix + "Stickiness:Name")
            .WithMessage("must be a non-empty cookie or header name (letters, digits, '-', '_', '.').");

        RuleFor(o => o.Health.Active.Path).Must(p => p.StartsWith('/')).OverridePropertyName(Prefix + "Health:Active:Path")
            .WithMessage("must start with '/'.");
        RuleFor(o => o.Health.Active.Interval).GreaterThan(TimeSpan.Zero).OverridePropertyName(Prefix + "Health:Active:Interval")
            .WithMessage("must be positive, e.g. 00:00:05.");
        RuleFor(o => o.Health.Active.Timeout).GreaterThan(TimeSpan.Zero).OverridePropertyName(Prefix + "Health:Active:Timeout")
            .WithMessage("must be positive, e.g. 00:00:02.");

        RuleFor(o => o.State.Store).Must(s => string.Equals(s, "File", StringComparison.OrdinalIgnoreCase) || string.Equals(s, "Redis", StringComparison.OrdinalIgnoreCase))
            .OverridePropertyName(Prefix + "State:Store")
            .WithMessage(o => $"'{o.State.Store}' is not a store; valid values: File, Redis.");
        RuleFor(o => o.State.Redis).Must(BeRedisConfiguration).When(o => o.State.IsRedis)
            .OverridePropertyName(Prefix + "State:Redis")
            .WithMessage(o => $"'{o.State.Redis}' is not a StackExchange.Redis connection string, e.g. 127.0.0.1:6379.");
        RuleFor(o => o.State.Path).NotEmpty().OverridePropertyName(Prefix + "State:Path").WithMessage("must name a file.");

        RuleFor(o => o.Analysis.PrometheusUrl)
            .Must(url => url.Length == 0 || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .OverridePropertyName(Prefix + "Analysis:PrometheusUrl")
            .WithMessage(o => $"'{o.Analysis.PrometheusUrl}' must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090.");

        RuleFor(o => o.Demo.GreenErrorRate).InclusiveBetween(0, 1).OverridePropertyName(Prefix + "Demo:GreenErrorRate")
            .WithMessage(o => $"'{o.Demo.GreenErrorRate}' must be a share from 0 to 1, e.g. 0.1 for one answer in ten.");
        RuleFor(o => o.Demo.GreenDelayMs).InclusiveBetween(0, 60_000).OverridePropertyName(Prefix + "Demo:GreenDelayMs")
            .WithMessage(o => $"'{o.Demo.GreenDelayMs}' must be 0 to 60000 milliseconds.");

        RuleFor(o => o.Drain.Timeout).GreaterThanOrEqualTo(TimeSpan.Zero).OverridePropertyName(Prefix + "Drain:Timeout")
            .WithMessage("must not be negative.");
        RuleFor(o => o.Mirror.Percent).Must(PoolWeights.IsValidPercent).OverridePropertyName(Prefix + "Mirror:Percent")
            .WithMessage(o => $"'{o.Mirror.Percent}' must be a percentage from 0 to 100 with at most two decimals, e.g. 10 to mirror one request in ten.");
        RuleFor(o => o.Mirror.MaxBodyBytes).InclusiveBetween(0, MirrorOptions.MaxBodyBytesLimit).OverridePropertyName(Prefix + "Mirror:MaxBodyBytes")
            .WithMessage(o => $"'{o.Mirror.MaxBodyBytes}' must be 0 to {MirrorOptions.MaxBodyBytesLimit} bytes (0: only requests without a body are mirrored).");
        RuleFor(o => o.Shutdown.Timeout).GreaterThanOrEqualTo(TimeSpan.Zero).OverridePropertyName(Prefix + "Shutdown:Timeout")
            .WithMessage("must not be negative.");
    }

    private static void ValidatePools(Dictionary<string, PoolOptions> pools, ValidationContext<BlueGreenOptions> context)
    {
        var destinations = 0;
        foreach (var (name, pool) in pools)
        {
            if (!PoolNames.TryParse(name, out _))
            {
                context.AddFailure($"{Prefix}Pools:{name}", $"'{name}' is not a pool; the pools are blue and green.");
                continue;
            }

            if (!HashKey.TryParse(pool.HashKey, out _))
            {
                context.AddFailure(
                    $"{Prefix}Pools:{name}:HashKey",
                    $"'{pool.HashKey}' is not a hash key; valid values: {HashKey.ValidForms} (NAME a header or cookie name).");
            }

            if (pool.SlowStart is { } slowStart && (slowStart <= TimeSpan.Zero || slowStart > TimeSpan.FromHours(1)))
            {
                context.AddFailure(
                    $"{Prefix}Pools:{name}:SlowStart", $"'{slowStart}' must be longer than zero and at most 01:00:00, e.g. 00:00:30.");
            }

            if (!(pool.BalanceFactor > 1) || double.IsInfinity(pool.BalanceFactor))
            {
                context.AddFailure(
                    $"{Prefix}Pools:{name}:BalanceFactor",
                    $"'{pool.BalanceFactor.ToString(System.Globalization.CultureInfo.InvariantCulture)}' must be a number above 1, e.g. 1.25 (a destination may carry 25 % more than the mean).");
            }

            if (!BackendHttpVersion.TryParse(pool.HttpVersion, out _))
            {
                context.AddFailure(
                    $"{Prefix}Pools:{name}:HttpVersion",
                    $"'{pool.HttpVersion}' is not valid; valid values: {BackendHttpVersion.ValidValues}");
            }

            if (!Enum.IsDefined(pool.LoadBalancing))
            {
                context.AddFailure(
                    $"{Prefix}Pools:{name}:LoadBalancing",
                    $"'{pool.LoadBalancing}' is not valid; valid values: {string.Join(", ", Enum.GetNames<LoadBalancingMode>())}");
            }

            foreach (var (id, address) in pool.Destinations)
            {
                destinations++;
                if (!DestinationAddress.IsValid(address))
                {
                    context.AddFailure(
                        $"{Prefix}Pools:{name}:Destinations:{id}",
                        $"'{address}' is not an absolute http:// or https:// address.");
                }
            }
        }

        if (destinations == 0)
        {
            context.AddFailure(
                $"{Prefix}Pools",
                "no destination is configured; give at least one, e.g. --BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:9001 (or run --demo).");
        }
    }

    /// <summary>
    /// A plane that listens on <c>https://</c> needs a certificate, and a certificate given must be usable (readable, its
    /// key matching, in date, for servers) whether or not a listener uses it yet.
    /// </summary>
    private static void ValidateTls(TlsSection section, string urls, string listenKey, ValidationContext<BlueGreenOptions> context)
    {
        if (section.Options.CertificatePath.Length == 0)
        {
            var https = SplitUrls(urls).FirstOrDefault(url => ListenAddress.TryParse(url, out var address) && address.Scheme == Uri.UriSchemeHttps);
            if (https is not null)
            {
                context.AddFailure(
                    section.CertificatePathKey,
                    $"the {section.Plane} listens on {https} ({listenKey}) and needs a certificate: a PEM file with its key file in " +
                    $"{section.KeyPathKey}, or a PFX file with its password in {section.PasswordKey}.");
            }
            else if (section.Options.IsGiven)
            {
                context.AddFailure(section.CertificatePathKey, $"must name the certificate file when {section.KeyPathKey} or {section.PasswordKey} is given.");
            }

            return;
        }

        var problems = new List<CertificateProblem>();
        ServerCertificateLoader.Load(section, TimeProvider.System.GetUtcNow(), problems)?.Certificate.Dispose();
        foreach (var problem in problems)
        {
            context.AddFailure(problem.Key, problem.Message);
        }
    }

    private static IEnumerable<string> SplitUrls(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool BeRedisConfiguration(string configuration)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool BeListenUrls(string urls) =>
        SplitUrls(urls) is var parts && parts.Any() && parts.All(url => ListenAddress.TryParse(url, out _));

    private static List<ListenAddress> ListenAddresses(string urls) =>
        SplitUrls(urls).Select(url => ListenAddress.TryParse(url, out var address) ? address : null).OfType<ListenAddress>().ToList();

    private static bool BeToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
