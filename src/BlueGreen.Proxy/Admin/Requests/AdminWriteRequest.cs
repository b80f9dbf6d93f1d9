using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Admin.Requests;

/// <summary>What every admin write body may carry: a reason for the audit history.</summary>
internal abstract class AdminWriteRequest
{
    /// <summary>The most characters a reason may have.</summary>
    public const int ReasonMaxLength = 200;

    /// <summary>Why the change is made; kept in the audit event.</summary>
    public string? Reason { get; set; }

    /// <summary>Fields the body has but the route does not know; each is a validation error.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
