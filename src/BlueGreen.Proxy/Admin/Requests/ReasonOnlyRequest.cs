namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The optional body of the routes that take nothing but a reason (rollback, drain, enable, delete): <c>{ "reason": "..." }</c>.</summary>
internal sealed class ReasonOnlyRequest : AdminWriteRequest
{
}
