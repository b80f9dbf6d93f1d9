using System.Security.Cryptography;

namespace BlueGreen.Proxy.Fleet;

/// <summary>This process in a fleet: a random id, new at every start, so a restarted proxy never claims its old counts or lease.</summary>
internal sealed class FleetInstance
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
