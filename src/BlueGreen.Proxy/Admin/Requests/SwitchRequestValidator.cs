using BlueGreen.Core.Routing;
using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The target must be one of the two pools.</summary>
internal sealed class SwitchRequestValidator : AdminWriteRequestValidator<SwitchRequest>
{
    public SwitchRequestValidator()
        : base("'{0}' is not a field of this request; it takes 'to' and 'reason'.")
    {
        RuleFor(r => r.To).Cascade(CascadeMode.Stop).NotEmpty().Must(to => PoolNames.TryParse(to, out _)).OverridePropertyName("to")
            .WithMessage(r => $"'{r.To}' is not a pool; the pools are blue and green.");
    }
}
