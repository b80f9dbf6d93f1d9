using BlueGreen.Proxy.Configuration;
using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>A short id of letters, digits, '-', '_' and '.', and an absolute http or https address.</summary>
internal sealed class AddDestinationRequestValidator : AdminWriteRequestValidator<AddDestinationRequest>
{
    public const int IdMaxLength = 64;

    public AddDestinationRequestValidator()
        : base("'{0}' is not a field of this request; it takes 'id', 'address' and 'reason'.")
    {
        RuleFor(r => r.Id).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required.")
            .MaximumLength(IdMaxLength)
            .Must(id => id!.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            .WithMessage("may hold only letters, digits, '-', '_' and '.'.")
            .OverridePropertyName("id");
        RuleFor(r => r.Address).Must(DestinationAddress.IsValid).OverridePropertyName("address")
            .WithMessage(r => $"'{r.Address}' is not an absolute http:// or https:// address.");
    }
}
