namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The optional body of <c>POST /api/v1/rollback</c>: <c>{ "reason": "..." }</c>.</summary>
internal sealed class RollbackRequest : AdminWriteRequest
{
}
