namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>The body of <c>PUT /api/v1/weights</c>: <c>{ "blue": 95, "green": 5 }</c>.</summary>
internal sealed class WeightsRequest : AdminWriteRequest
{
    public decimal? Blue { get; set; }

    public decimal? Green { get; set; }
}
