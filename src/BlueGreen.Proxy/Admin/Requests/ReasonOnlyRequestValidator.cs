namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>These routes take only a reason.</summary>
internal sealed class ReasonOnlyRequestValidator : AdminWriteRequestValidator<ReasonOnlyRequest>
{
    public ReasonOnlyRequestValidator()
        : base("'{0}' is not a field of this request; it takes only 'reason'.")
    {
    }
}
