namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>POST /api/v1/pools/{pool}/destinations</c>: <c>{ "id": "green-2", "address": "http://..." }</c>.</summary>
internal sealed class AddDestinationRequest : AdminWriteRequest
{
    public string? Id { get; set; }

    public string? Address { get; set; }
}
