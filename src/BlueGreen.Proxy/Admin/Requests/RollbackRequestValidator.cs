namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>A rollback takes only a reason.</summary>
internal sealed class RollbackRequestValidator : AdminWriteRequestValidator<RollbackRequest>
{
    public RollbackRequestValidator()
        : base("'{0}' is not a field of this request; it takes only 'reason'.")
    {
    }
}
