using BlueGreen.Core.Routing;
using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>Both weights present, each 0 to 100 in 0.01 steps, summing to exactly 100; no other pool.</summary>
internal sealed class WeightsRequestValidator : AdminWriteRequestValidator<WeightsRequest>
{
    public WeightsRequestValidator()
        : base("'{0}' is not a pool; the pools are blue and green.")
    {
        RuleFor(r => r.Blue).Must(BeAPercent).OverridePropertyName(PoolNames.Blue).WithMessage(r => Describe(r.Blue));
        RuleFor(r => r.Green).Must(BeAPercent).OverridePropertyName(PoolNames.Green).WithMessage(r => Describe(r.Green));
        // A method, not r.Blue + r.Green: the rule's expression tree would look decimal's + up by reflection, which a
        // Native AOT build has trimmed away.
        RuleFor(r => Sum(r)).Equal(100m)
            .When(r => BeAPercent(r.Blue) && BeAPercent(r.Green))
            .OverridePropertyName("weights")
            .WithMessage(r => $"blue and green must sum to 100, not {Sum(r)}.");
    }

    private static decimal? Sum(WeightsRequest request) => request.Blue + request.Green;

    private static bool BeAPercent(decimal? percent) => percent is { } value && PoolWeights.IsValidPercent(value);

    private static string Describe(decimal? percent) =>
        percent is null ? "is required." : $"{percent} must be a number from 0 to 100 with at most two decimals.";
}
