using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Proxy.Admin.Documents;
using BlueGreen.Proxy.Admin.Requests;
using BlueGreen.Proxy.Rolling;

namespace BlueGreen.Proxy.Admin;

/// <summary>
/// The admin plane's JSON, source-generated so that a Native AOT build needs no reflection: every document a route
/// answers or a webhook is sent, and every request body, under the admin rules (camelCase, case-insensitive names,
/// strict numbers, no duplicate fields). <see cref="AdminJson.Configure"/> gives the framework's options the same.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(AuditEventDocument[]))]
[JsonSerializable(typeof(WhoAmIDocument))]
[JsonSerializable(typeof(FaultDocument))]
[JsonSerializable(typeof(FaultDocument[]))]
[JsonSerializable(typeof(RolloutDocument))]
[JsonSerializable(typeof(RollingDocument))]
[JsonSerializable(typeof(UpdateCall))]
[JsonSerializable(typeof(WeightsRequest))]
[JsonSerializable(typeof(SwitchRequest))]
[JsonSerializable(typeof(ReasonOnlyRequest))]
[JsonSerializable(typeof(AddDestinationRequest))]
[JsonSerializable(typeof(InjectFaultRequest))]
[JsonSerializable(typeof(StartRolloutRequest))]
[JsonSerializable(typeof(StartRollingRequest))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
