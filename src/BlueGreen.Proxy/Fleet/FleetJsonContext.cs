using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Fleet;

/// <summary>
/// What a proxy publishes to its fleet in Redis (its outcome totals), source-generated so that a Native AOT build
/// needs no reflection, with the web defaults it has always been written with.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PublishedOutcomes))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
