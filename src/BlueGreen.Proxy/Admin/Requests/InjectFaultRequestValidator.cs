using BlueGreen.Core.Faults;
using BlueGreen.Core.Routing;
using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>
/// A fire drill's body: a pool, a share above 0 and at most 100 % (two decimals), exactly one of a status (400 to 599)
/// or a delay (1 ms to 60 s), and a mandatory expiry of at most 10 minutes.
/// </summary>
internal sealed class InjectFaultRequestValidator : AdminWriteRequestValidator<InjectFaultRequest>
{
    /// <summary>The longest delay a drill may add.</summary>
    public const int MaxDelayMs = 60_000;

    public InjectFaultRequestValidator()
        : base("'{0}' is not a field of a fault.")
    {
        RuleFor(r => r.Pool).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required: blue or green.")
            .Must(pool => PoolNames.TryParse(pool, out _)).WithMessage(r => $"'{r.Pool}' is not a pool; the pools are blue and green.")
            .OverridePropertyName("pool");
        RuleFor(r => r.Percent).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("is required: the share of the pool's requests to hit, e.g. 20.")
            .Must(p => p is > 0 and <= 100 && PoolWeights.IsValidPercent(p.Value))
            .WithMessage(r => $"must be above 0 and at most 100, with at most two decimals; got {r.Percent}.")
            .OverridePropertyName("percent");
        RuleFor(r => r).Must(r => (r.Status is null) != (r.DelayMs is null))
            .WithMessage("give exactly one of status (answer with it) and delayMs (delay by it).")
            .OverridePropertyName("status");
        RuleFor(r => r.Status).InclusiveBetween(400, 599).When(r => r.Status is not null)
            .WithMessage(r => $"must be an error status, 400 to 599; got {r.Status}.").OverridePropertyName("status");
        RuleFor(r => r.DelayMs).InclusiveBetween(1, MaxDelayMs).When(r => r.DelayMs is not null)
            .WithMessage(r => $"must be 1 to {MaxDelayMs} milliseconds; got {r.DelayMs}.").OverridePropertyName("delayMs");
        RuleFor(r => r.ExpiresIn).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage($"is required: a drill always ends by itself, at most {Fault.MaxDuration} after it starts, e.g. 00:05:00.")
            .Must(e => e > TimeSpan.Zero && e <= Fault.MaxDuration)
            .WithMessage(r => $"must be longer than zero and at most {Fault.MaxDuration}; got {r.ExpiresIn}.")
            .OverridePropertyName("expiresIn");
    }
}
