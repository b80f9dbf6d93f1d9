using FluentValidation;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The rules every write body follows: a bounded reason and no unknown fields.</summary>
internal abstract class AdminWriteRequestValidator<T> : AbstractValidator<T>
    where T : AdminWriteRequest
{
    protected AdminWriteRequestValidator(string unknownFieldMessage)
    {
        RuleFor(r => r.Reason).MaximumLength(AdminWriteRequest.ReasonMaxLength).OverridePropertyName("reason");
        RuleFor(r => r.Unknown).Custom((unknown, context) =>
        {
            foreach (var field in unknown?.Keys ?? Enumerable.Empty<string>())
            {
                context.AddFailure(field, string.Format(System.Globalization.CultureInfo.InvariantCulture, unknownFieldMessage, field));
            }
        });
    }
}
