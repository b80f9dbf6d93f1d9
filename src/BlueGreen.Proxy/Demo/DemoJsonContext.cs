using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Proxy.Demo;

/// <summary>
/// The demo backends' JSON answers, source-generated so that a Native AOT build needs no reflection, with the web
/// defaults they have always been written with.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DemoAnswer))]
[JsonSerializable(typeof(string))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
