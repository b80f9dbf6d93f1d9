namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>POST /api/v1/switch</c>: <c>{ "to": "green" }</c>.</summary>
internal sealed class SwitchRequest : AdminWriteRequest
{
    public string? To { get; set; }
}
